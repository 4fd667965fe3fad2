import { Kind } from "graphql";
import type { OperationDefinitionNode } from "graphql";
import type { ApolloServerPlugin } from "@apollo/server";
import type { QueryRunner } from "typeorm";
import type { Database } from "../../db/database";
import type { Queryable } from "../../db/queryable";
import type { Context } from "../context";
import { createLoaders } from "../context";
import { lostLockConflict } from "../../db/errors";

/** True when a mutation operation selects more than one root field (fragments may hide several). */
export function hasSeveralMutationFields(operation: OperationDefinitionNode | undefined): boolean {
  if (operation?.operation !== "mutation") return false;
  const selections = operation.selectionSet.selections;
  return selections.length > 1 || selections.some((s) => s.kind !== Kind.FIELD);
}

/** What the fields of a request read and write when its transaction could not be opened. */
function failingQueryable(error: unknown): Queryable {
  return { query: () => Promise.reject(error) };
}

/** A queue of turns: `take()` resolves, in call order, to a function that ends the turn. */
export function turns(): { take(): Promise<() => void> } {
  let tail: Promise<void> = Promise.resolve();
  return {
    take() {
      let end!: () => void;
      const mine = new Promise<void>((resolve) => (end = resolve));
      const before = tail;
      tail = before.then(() => mine);
      return before.then(() => end);
    },
  };
}

/**
 * How long a statement of a multi-mutation transaction waits for a lock before the transaction
 * is rolled back and run again. It holds the locks of its earlier fields meanwhile, so a long
 * wait there stalls every award that needs them (PostgreSQL would find a deadlock only after
 * deadlock_timeout, 1 s by default).
 */
const LOCK_TIMEOUT = "200ms";

/**
 * No failed request leaves a partial write behind (api-contract.md). A single mutation field is
 * one atomic statement already; a request with several runs them all in one transaction, with
 * its reads on that transaction too, and commits only when the whole response has no error.
 * (Apollo runs mutation fields one after another, so the one connection is never shared.) Each
 * mutation field also gets fresh DataLoaders, so it reads the writes of the fields before it.
 *
 * Awards lock the aggregates they change (the user's row, two points levels, the achievement's
 * holder count); a transaction keeps those locks until it ends, so two transactions awarding in
 * different orders, or one and a single award, can deadlock. Hence:
 * - such transactions run one at a time: in this process by a queue (waiting there holds no
 *   connection), across instances by a transaction-scoped advisory lock;
 * - when one still loses a conflict with a single award (deadlock victim, or a lock wait longer
 *   than LOCK_TIMEOUT), it is rolled back whole and the request marked `retryTransaction`:
 *   http-handler.ts runs it again from the start. Retrying only the failed statement from a
 *   savepoint would keep the locks of the fields before it, which the other side waits for.
 * When no connection can be had, every field of the request fails with SERVICE_UNAVAILABLE.
 */
export function mutationTransactionPlugin(db: Database): ApolloServerPlugin<Context> {
  const cleanups = new WeakMap<object, () => Promise<void>>();
  const queue = turns();
  return {
    async requestDidStart({ contextValue: requestContext }) {
      let runner: QueryRunner | undefined;
      let endTurn: (() => void) | undefined;
      let retryable = false;
      const finish = async (commit: boolean) => {
        const r = runner;
        const end = endTurn;
        runner = undefined;
        endTurn = undefined;
        try {
          if (r) {
            try {
              if (r.isTransactionActive) await (commit ? r.commitTransaction() : r.rollbackTransaction());
            } finally {
              await r.release();
            }
          }
        } finally {
          end?.();
        }
      };
      cleanups.set(requestContext, () => finish(false));
      return {
        async executionDidStart({ operation, contextValue }) {
          if (!hasSeveralMutationFields(operation)) return;
          endTurn = await queue.take();
          let tx: Queryable;
          try {
            runner = db.dataSource.createQueryRunner("master");
            await runner.connect();
            await runner.startTransaction();
            if (db.kind === "postgres") {
              await runner.query(`SELECT pg_advisory_xact_lock(hashtext('achievements:multi-mutation'))`);
              await runner.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
            }
            tx = runner.manager;
          } catch (e) {
            await finish(false);
            tx = failingQueryable(e);
          }
          contextValue.write = contextValue.read = tx;
          contextValue.loaders = createLoaders(tx);
          if (!runner) return;
          return {
            // Each mutation field starts with empty loaders: what an earlier field read (a holder
            // count, a user's awards or streak) may be changed by this field's write.
            willResolveField({ info, contextValue: ctx }) {
              if (info.path.prev === undefined) ctx.loaders = createLoaders(ctx.read);
            },
          };
        },
        async didEncounterErrors({ errors }) {
          if (runner && errors.some((e) => lostLockConflict(e.originalError))) retryable = true;
          // Parsing, validation or execution setup failed before any response: nothing to keep.
          if (runner && !runner.isTransactionActive) await finish(false);
        },
        async willSendResponse({ response, contextValue }) {
          if (!runner && !endTurn) return;
          const failed = response.body.kind !== "single" || (response.body.singleResult.errors?.length ?? 0) > 0;
          await finish(!failed);
          if (failed && retryable && contextValue.run) contextValue.run.retryTransaction = true;
        },
      };
    },
    // A request that ends in an unexpected error gets no willSendResponse: roll back there.
    async unexpectedErrorProcessingRequest({ requestContext }) {
      await cleanups.get(requestContext.contextValue)?.();
    },
  };
}
