import { Kind } from "graphql";
import type { DocumentNode, FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode } from "graphql";
import type { ApiKey, KeyScope } from "./api-keys";

/**
 * The mutations a key of scope `award` may run: what a game server needs (api-contract.md, "Keys
 * and scopes"). Every other mutation, and any mutation added later until it is listed here,
 * needs `admin`.
 */
export const AWARD_SCOPE_MUTATIONS: ReadonlySet<string> = new Set([
  "createUser",
  "updateUser",
  "awardAchievement",
  "awardAchievements",
  "reportProgress",
]);

/** The scope a mutation field needs. */
export function scopeFor(mutationField: string): KeyScope {
  return AWARD_SCOPE_MUTATIONS.has(mutationField) ? "award" : "admin";
}

export function scopeAllows(scope: KeyScope, needed: KeyScope): boolean {
  return scope === "admin" || needed === "award";
}

/** The root fields an operation selects, through inline fragments and fragment spreads (`__typename` left out). */
export function rootFields(operation: OperationDefinitionNode, document: DocumentNode): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const names = new Set<string>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value !== "__typename") names.add(s.name.value);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        walk(s.selectionSet);
      } else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const f = fragments.get(s.name.value);
        if (f) walk(f.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return [...names];
}

/** The mutation fields of `operation` that `key` may not run (empty: all allowed). */
export function forbiddenMutations(operation: OperationDefinitionNode, document: DocumentNode, key: ApiKey): string[] {
  return rootFields(operation, document).filter((f) => !scopeAllows(key.scope, scopeFor(f)));
}
