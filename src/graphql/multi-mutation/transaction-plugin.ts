import { Kind } from "graphql";
import type { GraphQLError, OperationDefinitionNode } from "graphql";
import type { ApolloServerPlugin, GraphQLRequestExecutionListener, GraphQLRequestListener } from "@apollo/server";
import type { QueryRunner } from "typeorm";
import type { Database } from "../../db/database";
import { lostLockConflict } from "../../db/errors";
import type { Queryable } from "../../db/queryable";
import type { Context } from "../context";
import { createLoaders } from "../context";
import { turns } from "./turns";
import type { Turns } from "./turns";

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
 * - such transactions run one at a time: in this process by a queue of turns (turns.ts; waiting
 *   there holds no connection), across instances by a transaction-scoped advisory lock;
 * - when one still loses a conflict with a single award (deadlock victim, or a lock wait longer
 *   than LOCK_TIMEOUT), it is rolled back whole and the request's attempt (attempt.ts) marked:
 *   http-handler.ts runs the request again from the start, up to TRANSACTION_ATTEMPTS times.
 *   Retrying only the failed statement would keep the locks of the fields before it, which the
 *   other side waits for.
 * When no connection can be had, every field of the request fails with SERVICE_UNAVAILABLE.
 */

/** True when a mutation operation selects more than one root field (fragments may hide several). */
export function hasSeveralMutationFields(operation: OperationDefinitionNode | undefined): boolean {
  if (operation?.operation !== "mutation") return false;
  const selections = operation.selectionSet.selections;
  return selections.length > 1 || selections.some((s) => s.kind !== Kind.FIELD);
}

/**
 * How long a statement of a multi-mutation transaction waits for a lock before the transaction
 * is rolled back and run again. It holds the locks of its earlier fields meanwhile, so a long
 * wait there stalls every award that needs them (PostgreSQL would find a deadlock only after
 * deadlock_timeout, 1 s by default).
 */
const LOCK_TIMEOUT = "200ms";

/** What the fields of a request read and write when its transaction could not be opened. */
function failingQueryable(error: unknown): Queryable {
  return { query: () => Promise.reject(error) };
}

/** The transaction of one request with several mutation fields, and the turn it holds. */
class RequestTransaction {
  private runner: QueryRunner | undefined;
  private endTurn: (() => void) | undefined;
  /** An error of the request says its transaction lost a lock conflict. */
  lostLockConflict = false;

  /** Takes the turn and opens the transaction; when it cannot, ends both and fails every statement. */
  async begin(db: Database, queue: Turns): Promise<Queryable> {
    this.endTurn = await queue.take();
    try {
      this.runner = db.dataSource.createQueryRunner("master");
      await this.runner.connect();
      await this.runner.startTransaction();
      if (db.kind === "postgres") {
        await this.runner.query(`SELECT pg_advisory_xact_lock(hashtext('achievements:multi-mutation'))`);
        await this.runner.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      }
      return this.runner.manager;
    } catch (e) {
      await this.finish(false);
      return failingQueryable(e);
    }
  }

  /** A query runner was taken and not yet released. */
  get hasRunner(): boolean {
    return this.runner !== undefined;
  }

  /** A query runner is held and its transaction is not (or no longer) open. */
  get runnerWithoutTransaction(): boolean {
    return this.runner !== undefined && !this.runner.isTransactionActive;
  }

  /** The turn or a query runner is still held. */
  get holding(): boolean {
    return this.runner !== undefined || this.endTurn !== undefined;
  }

  /** Commits or rolls back, releases the connection and ends the turn; a second call does nothing. */
  async finish(commit: boolean): Promise<void> {
    const r = this.runner;
    const end = this.endTurn;
    this.runner = undefined;
    this.endTurn = undefined;
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
  }
}

/**
 * Each mutation field starts with empty loaders: what an earlier field read (a holder count, a
 * user's awards or streak) may be changed by this field's write.
 */
const freshLoadersForEachMutationField: GraphQLRequestExecutionListener<Context> = {
  willResolveField({ info, contextValue }) {
    if (info.path.prev === undefined) contextValue.loaders = createLoaders(contextValue.read);
  },
};

/** The plugin's hooks for one request, around its transaction. */
function transactionListener(db: Database, queue: Turns, transaction: RequestTransaction): GraphQLRequestListener<Context> {
  return {
    async executionDidStart({ operation, contextValue }) {
      if (!hasSeveralMutationFields(operation)) return;
      const tx = await transaction.begin(db, queue);
      contextValue.write = contextValue.read = tx;
      contextValue.loaders = createLoaders(tx);
      return transaction.hasRunner ? freshLoadersForEachMutationField : undefined;
    },
    async didEncounterErrors({ errors }) {
      const lost = (e: GraphQLError) => lostLockConflict(e.originalError) !== undefined;
      if (transaction.hasRunner && errors.some(lost)) transaction.lostLockConflict = true;
      // Parsing, validation or execution setup failed before any response: nothing to keep.
      if (transaction.runnerWithoutTransaction) await transaction.finish(false);
    },
    async willSendResponse({ response, contextValue }) {
      if (!transaction.holding) return;
      const failed = response.body.kind !== "single" || (response.body.singleResult.errors?.length ?? 0) > 0;
      await transaction.finish(!failed);
      if (failed && transaction.lostLockConflict) contextValue.attempt?.rolledBackAfterLockConflict();
    },
  };
}

/** See the comment at the top of this file. */
export function mutationTransactionPlugin(db: Database): ApolloServerPlugin<Context> {
  const transactions = new WeakMap<object, RequestTransaction>();
  const queue = turns();
  return {
    async requestDidStart({ contextValue }) {
      const transaction = new RequestTransaction();
      transactions.set(contextValue, transaction);
      return transactionListener(db, queue, transaction);
    },
    // A request that ends in an unexpected error gets no willSendResponse: roll back there.
    async unexpectedErrorProcessingRequest({ requestContext }) {
      await transactions.get(requestContext.contextValue)?.finish(false);
    },
  };
}
