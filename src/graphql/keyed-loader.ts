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

/** What a per-user page loader is asked: a user, how many rows, and where the page starts. */
export interface UserPageKey {
  userId: string;
  /** Rows to fetch (the page size plus one, to know whether there is a next page). */
  limit: number;
}

/**
 * A per-request loader of one page of rows per user. Keys with the same limit and position (named
 * by `position`) share one statement: `fetch` reads the pages of all their users at once, with the
 * first key's limit and position. `onRow` sees every row read (to prime other loaders with what the
 * statement brought along).
 */
export function userPageLoader<K extends UserPageKey, R extends { userId: string }>(
  position: (k: K) => string,
  fetch: (userIds: string[], first: K) => Promise<readonly R[]>,
  onRow?: (row: R) => void,
): DataLoader<K, R[], string> {
  const keyOf = (k: K) => `${k.userId}|${k.limit}|${position(k)}`;
  return new DataLoader<K, R[], string>(
    async (keys) => {
      const groups = new Map<string, K[]>();
      for (const k of keys) {
        const g = `${k.limit}|${position(k)}`;
        groups.set(g, [...(groups.get(g) ?? []), k]);
      }
      const byKey = new Map<string, R[]>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const first = group[0]!;
          const rows = await fetch(
            group.map((k) => k.userId),
            first,
          );
          for (const k of group) byKey.set(keyOf(k), []);
          for (const r of rows) {
            byKey.get(keyOf({ ...first, userId: r.userId }))?.push(r);
            onRow?.(r);
          }
        }),
      );
      return keys.map((k) => byKey.get(keyOf(k)) ?? []);
    },
    { cacheKeyFn: keyOf },
  );
}

/** A per-request loader of a number per user (rows of users without any answer 0), one statement per tick. */
export function userCountLoader(fetch: (userIds: readonly string[]) => Promise<readonly { userId: string; n: string | number }[]>) {
  return new DataLoader<string, number>(async (userIds) => {
    const byId = new Map((await fetch(userIds)).map((r) => [r.userId, Number(r.n)]));
    return userIds.map((id) => byId.get(id) ?? 0);
  });
}
