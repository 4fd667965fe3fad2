import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { Kind, TypeInfo, getNamedType, getOperationAST, parse, visit, visitWithTypeInfo } from "graphql";
import type { DocumentNode, GraphQLSchema } from "graphql";
import type { OperationInfo, OperationKind, ReadRouter } from "../db/replicas";

/**
 * The GraphQL side of read routing (src/db/replicas.ts): what an operation is, told from the
 * request body before Apollo runs it, and the `X-Read-After` header of mutation responses.
 */

export const READ_AFTER_HEADER = "X-Read-After";

/**
 * Fields that are statistics in the contract's sense: `Query.stats` (and all under it), a user's
 * points, achievement count and longest streak, an achievement's holder count.
 */
export const STATISTIC_FIELDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ["Query", new Set(["stats"])],
  ["User", new Set(["points", "achievementCount", "longestStreak"])],
  ["Achievement", new Set(["holderCount"])],
]);

/** Any of these words in a document means it must be parsed to be classified. */
const NEEDS_PARSE = /mutation|subscription|stats|points|achievementCount|longestStreak|holderCount/;

const UNKNOWN: OperationInfo = Object.freeze({ kind: "unknown", statistics: true });
const PLAIN_QUERY: OperationInfo = Object.freeze({ kind: "query", statistics: false });

/**
 * Tells from a GraphQL request body (before Apollo runs it) whether it is a query, a mutation or
 * something unusable, and whether it selects statistics. Results are cached per document.
 */
export class OperationClassifier {
  private readonly cache = new Map<string, OperationInfo>();

  constructor(
    private readonly schema?: GraphQLSchema,
    private readonly maxEntries = 500,
    private readonly maxCachedLength = 16_384,
  ) {}

  classify(query: unknown, operationName: unknown): OperationInfo {
    if (typeof query !== "string" || query.length === 0) return UNKNOWN;
    if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return UNKNOWN;
    // No mutation keyword and no statistic name anywhere: a plain query, no parse needed.
    if (!NEEDS_PARSE.test(query)) return PLAIN_QUERY;
    const key = `${operationName ?? ""}\u0000${query}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const info = this.compute(query, operationName ?? undefined);
    if (query.length <= this.maxCachedLength) {
      if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, info);
    }
    return info;
  }

  private compute(query: string, operationName: string | undefined): OperationInfo {
    let doc: DocumentNode;
    try {
      doc = parse(query, { noLocation: true });
    } catch {
      return UNKNOWN;
    }
    const op = getOperationAST(doc, operationName);
    if (!op) return UNKNOWN;
    const kind = op.operation as OperationKind;
    return { kind, statistics: this.selectsStatistics(doc) };
  }

  /** Every field in the document (all operations and fragments: conservative) is looked at. */
  private selectsStatistics(doc: DocumentNode): boolean {
    let found = false;
    if (this.schema) {
      const typeInfo = new TypeInfo(this.schema);
      visit(
        doc,
        visitWithTypeInfo(typeInfo, {
          Field(node) {
            const parent = typeInfo.getParentType();
            const parentName = parent ? getNamedType(parent).name : undefined;
            if (parentName !== undefined && STATISTIC_FIELDS.get(parentName)?.has(node.name.value)) found = true;
          },
        }),
      );
      return found;
    }
    // Without a schema: by field name alone (Achievement.points then counts too: conservative).
    const names = new Set<string>();
    for (const set of STATISTIC_FIELDS.values()) for (const n of set) names.add(n);
    visit(doc, {
      [Kind.FIELD](node) {
        if (names.has(node.name.value)) found = true;
      },
    });
    return found;
  }
}

/** Adds `X-Read-After: <primary WAL LSN>` to the response of every mutation while replicas are in use. */
export function readAfterPlugin<T extends BaseContext>(router: ReadRouter): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, response }) {
          if (!router.enabled || operation?.operation !== "mutation") return;
          const lsn = await router.primaryLsn();
          if (lsn) response.http.headers.set(READ_AFTER_HEADER.toLowerCase(), lsn);
        },
      };
    },
  };
}
