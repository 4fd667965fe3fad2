import { Kind, valueFromASTUntyped } from "graphql";
import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from "graphql";

type LookaheadInfo = Pick<GraphQLResolveInfo, "fieldNodes" | "fragments" | "variableValues">;

/**
 * Calls `onField` for each selection of `childField` directly under the field being resolved
 * (aliases and fragments included; directives not evaluated). Each fragment is read once, however
 * often it is spread: linear in the document. `onFragment` (instrumentation) is called each time a
 * fragment's selections are read.
 */
function forEachChildField(
  info: LookaheadInfo,
  childField: string,
  onField: (field: FieldNode) => void,
  onFragment?: (name: string) => void,
): void {
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    if (!set) return;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value === childField) onField(s);
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
}

/**
 * The largest `first` the client asks of `childField` under the field being resolved (aliases
 * and fragments included), clamped to 1..max; `fallback` where `first` is absent or null; 0 when
 * the child is not selected. Lets a statistic fetch its value and its list in one statement.
 * The answer is a maximum over the `first`s written in the document, which reading a fragment a
 * second time cannot change.
 */
export function requestedFirst(
  info: LookaheadInfo,
  childField: string,
  fallback: number,
  max: number,
  onFragment?: (name: string) => void,
): number {
  let best = 0;
  forEachChildField(
    info,
    childField,
    (field) => {
      const arg = field.arguments?.find((a) => a.name.value === "first");
      const raw = arg ? valueFromASTUntyped(arg.value, info.variableValues) : undefined;
      const n = typeof raw === "number" && Number.isInteger(raw) ? Math.min(Math.max(raw, 1), max) : fallback;
      best = Math.max(best, n);
    },
    onFragment,
  );
  return best;
}

/** Whether the client selects `childField` under the field being resolved (a `@skip` counts as selected). */
export function selectsChildField(info: LookaheadInfo, childField: string): boolean {
  let found = false;
  forEachChildField(info, childField, () => {
    found = true;
  });
  return found;
}

/**
 * The arguments (variables resolved) the client gives `childField` under the field being
 * resolved, when every selection of it gives the same ones; undefined when it is not selected or
 * selected with different arguments (aliases). Lets a field fetch its child's rows in its own
 * statement when there is one way to fetch them.
 */
export function soleChildArguments(info: LookaheadInfo, childField: string): Record<string, unknown> | undefined {
  let sole: Record<string, unknown> | undefined;
  let key: string | undefined;
  let several = false;
  forEachChildField(info, childField, (field) => {
    const args: Record<string, unknown> = {};
    for (const a of field.arguments ?? []) args[a.name.value] = valueFromASTUntyped(a.value, info.variableValues);
    const k = JSON.stringify(args);
    if (key === undefined) {
      key = k;
      sole = args;
    } else if (k !== key) several = true;
  });
  return several ? undefined : sole;
}
