import DataLoader from "dataloader";

/**
 * A per-request loader of rows by a primitive key: `fetch` reads the rows of all keys asked for in
 * one tick with one statement; the answers are aligned with the keys, undefined where no row has it.
 */
export function keyedLoader<R>(
  fetch: (keys: readonly string[]) => Promise<readonly R[]>,
  keyOf: (row: R) => string,
): DataLoader<string, R | undefined> {
  return new DataLoader<string, R | undefined>(async (keys) => {
    const byKey = new Map((await fetch(keys)).map((r) => [keyOf(r), r]));
    return keys.map((k) => byKey.get(k));
  });
}
