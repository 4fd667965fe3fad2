import { Kind } from "graphql";
import type { OperationDefinitionNode } from "graphql";
import type { ApolloServerPlugin } from "@apollo/server";
import type { QueryRunner } from "typeorm";
import type { Database } from "../db/database";
import type { Context } from "./context";
import { createLoaders } from "./context";

/** True when a mutation operation selects more than one root field (fragments may hide several). */
export function hasSeveralMutationFields(operation: OperationDefinitionNode | undefined): boolean {
  if (operation?.operation !== "mutation") return false;
  const selections = operation.selectionSet.selections;
  return selections.length > 1 || selections.some((s) => s.kind !== Kind.FIELD);
}

/**
 * No failed request leaves a partial write behind (api-contract.md). A single mutation field is
 * one atomic statement already; a request with several runs them all in one transaction, with
 * its reads on that transaction too, and commits only when the whole response has no error.
 * (Apollo runs mutation fields one after another, so the one connection is never shared.) Each
 * mutation field also gets fresh DataLoaders, so it reads the writes of the fields before it.
 */
export function mutationTransactionPlugin(db: Database): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let runner: QueryRunner | undefined;
      const finish = async (commit: boolean) => {
        if (!runner) return;
        const r = runner;
        runner = undefined;
        try {
          if (r.isTransactionActive) await (commit ? r.commitTransaction() : r.rollbackTransaction());
        } finally {
          await r.release();
        }
      };
      return {
        async executionDidStart({ operation, contextValue }) {
          if (!hasSeveralMutationFields(operation)) return;
          runner = db.dataSource.createQueryRunner("master");
          await runner.connect();
          await runner.startTransaction();
          contextValue.write = runner.manager;
          contextValue.read = runner.manager;
          contextValue.loaders = createLoaders(runner.manager);
          return {
            // Each mutation field starts with empty loaders: what an earlier field read (a holder
            // count, a user's awards or streak) may be changed by this field's write.
            willResolveField({ info, contextValue: ctx }) {
              if (info.path.prev === undefined) ctx.loaders = createLoaders(ctx.read);
            },
          };
        },
        async willSendResponse({ response }) {
          if (!runner) return;
          const failed = response.body.kind !== "single" || (response.body.singleResult.errors?.length ?? 0) > 0;
          await finish(!failed);
        },
        async didEncounterErrors() {
          // Parsing, validation or execution setup failed before any response: nothing to keep.
          if (runner && !runner.isTransactionActive) await finish(false);
        },
      };
    },
  };
}
