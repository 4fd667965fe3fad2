import { Kind, valueFromASTUntyped } from "graphql";
import type { GraphQLResolveInfo, SelectionSetNode } from "graphql";

/**
 * The largest `first` the client asks of `childField` under the field being resolved (aliases
 * and fragments included), clamped to 1..max; `fallback` where `first` is absent or null; 0 when
 * the child is not selected. Lets a statistic fetch its value and its list in one statement.
 * Each fragment is read once, however often it is spread (the answer is a maximum over the
 * `first`s written in the document, which a second reading cannot change): linear in the document.
 * `onFragment` (instrumentation) is called each time a fragment's selections are read.
 */
export function requestedFirst(
  info: Pick<GraphQLResolveInfo, "fieldNodes" | "fragments" | "variableValues">,
  childField: string,
  fallback: number,
  max: number,
  onFragment?: (name: string) => void,
): number {
  let best = 0;
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    if (!set) return;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value !== childField) continue;
        const arg = s.arguments?.find((a) => a.name.value === "first");
        const raw = arg ? valueFromASTUntyped(arg.value, info.variableValues) : undefined;
        const n = typeof raw === "number" && Number.isInteger(raw) ? Math.min(Math.max(raw, 1), max) : fallback;
        best = Math.max(best, n);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        visit(s.selectionSet);
      } else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        onFragment?.(s.name.value);
        visit(info.fragments[s.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return best;
}
