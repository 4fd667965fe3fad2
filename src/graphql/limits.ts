import { GraphQLError, Kind } from "graphql";
import type { ASTVisitor, DocumentNode, FragmentDefinitionNode, GraphQLSchema, SelectionSetNode, ValidationContext } from "graphql";
import { getComplexity } from "graphql-query-complexity";
import type { ComplexityEstimatorArgs } from "graphql-query-complexity";

/** Deepest field nesting a query may have. */
export const MAX_DEPTH = 15;
/**
 * Largest estimated cost of an operation. A field costs 1 plus its children; a field with a
 * `first` argument (connections and the statistics' user and pair lists) multiplies its
 * children by `first` (its default when absent). `users(first: 100)` selecting every scalar
 * field of User and `awards(first: 100)` with every scalar field of Award costs about 100,000.
 */
export const MAX_COST = 250_000;

function validationError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED", http: { status: 400 } } });
}

/** A validation rule that rejects operations nested deeper than MAX_DEPTH fields. */
export function depthLimitRule(maxDepth = MAX_DEPTH) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

    const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0;
      let max = 0;
      for (const s of set.selections) {
        let d = 0;
        if (s.kind === Kind.FIELD) d = s.selectionSet ? 1 + depthOf(s.selectionSet, seen) : 1;
        else if (s.kind === Kind.INLINE_FRAGMENT) d = depthOf(s.selectionSet, seen);
        else {
          const name = s.name.value;
          const f = fragments.get(name);
          if (f && !seen.has(name)) d = depthOf(f.selectionSet, new Set([...seen, name]));
        }
        if (d > max) max = d;
        if (max > maxDepth) return max;
      }
      return max;
    };

    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(
              `The operation is nested ${depth > maxDepth + 1 ? "more than " : ""}${maxDepth + 1} levels deep; at most ${maxDepth} are allowed`,
              {
                nodes: [node],
              },
            ),
          );
        }
      },
    };
  };
}

function listMultiplier(o: ComplexityEstimatorArgs): number {
  const firstArg = o.field.args.find((a) => a.name === "first");
  // Lists without `first` are short (translations) or already counted (edges under a connection).
  if (!firstArg) return 1;
  const given = o.args.first;
  const value = typeof given === "number" ? given : typeof firstArg.defaultValue === "number" ? firstArg.defaultValue : 1;
  return Math.max(1, value);
}

function estimator(o: ComplexityEstimatorArgs): number {
  return 1 + o.childComplexity * listMultiplier(o);
}

/** The estimated cost of an operation with its variables; throws GRAPHQL_VALIDATION_FAILED over MAX_COST. */
export function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
  maxCost = MAX_COST,
): number {
  let cost: number;
  try {
    cost = getComplexity({ schema, query: document, variables: variables ?? {}, operationName, estimators: [estimator] });
  } catch {
    // Bad variables are reported by execution with their own code.
    return 0;
  }
  if (cost > maxCost) {
    throw validationError(`The operation's estimated cost ${cost} is over the limit ${maxCost}; ask for smaller pages (first)`);
  }
  return cost;
}
