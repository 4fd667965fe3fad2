import { Kind, valueFromASTUntyped } from "graphql";
import type { GraphQLResolveInfo, SelectionSetNode } from "graphql";

/**
 * The largest `first` the client asks of `childField` under the field being resolved (aliases
 * and fragments included), clamped to 1..max; `fallback` where `first` is absent or null; 0 when
 * the child is not selected. Lets a statistic fetch its value and its list in one statement.
 */
export function requestedFirst(info: GraphQLResolveInfo, childField: string, fallback: number, max: number): number {
  let best = 0;
  const visit = (set: SelectionSetNode | undefined, seen: Set<string>) => {
    if (!set) return;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value !== childField) continue;
        const arg = s.arguments?.find((a) => a.name.value === "first");
        const raw = arg ? valueFromASTUntyped(arg.value, info.variableValues) : undefined;
        const n = typeof raw === "number" && Number.isInteger(raw) ? Math.min(Math.max(raw, 1), max) : fallback;
        best = Math.max(best, n);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        visit(s.selectionSet, seen);
      } else if (!seen.has(s.name.value)) {
        visit(info.fragments[s.name.value]?.selectionSet, new Set([...seen, s.name.value]));
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, new Set());
  return best;
}
