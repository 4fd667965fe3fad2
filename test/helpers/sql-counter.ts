import type { DataSource, Logger as TypeOrmLogger } from "typeorm";

export interface StatementLog {
  /** Every SQL statement sent since start, in order. */
  readonly statements: string[];
  /** Puts the DataSource's own logger back. */
  stop(): void;
}

/**
 * Records every statement a DataSource sends. TypeORM's query runners call
 * `dataSource.logger.logQuery` before each statement (transactions' BEGIN/COMMIT included), so
 * swapping that one object for a recorder sees everything without touching src/ or the driver.
 */
export function recordStatements(dataSource: DataSource): StatementLog {
  const target = dataSource as unknown as { logger: TypeOrmLogger };
  const original = target.logger;
  const statements: string[] = [];
  const recorder: TypeOrmLogger = {
    logQuery(query, parameters, runner) {
      statements.push(query);
      original.logQuery(query, parameters, runner);
    },
    logQueryError: (...a) => original.logQueryError(...a),
    logQuerySlow: (...a) => original.logQuerySlow(...a),
    logSchemaBuild: (...a) => original.logSchemaBuild(...a),
    logMigration: (...a) => original.logMigration(...a),
    log: (...a) => original.log(...a),
  };
  target.logger = recorder;
  return {
    statements,
    stop() {
      target.logger = original;
    },
  };
}
