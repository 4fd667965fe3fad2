import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import type { TypedDocumentString } from "../gql/graphql";
import { getReadKeyVersion, request, RequestError, subscribeReadKey } from "./client";

/** The version of the key queries carry: a query loads again when it changes. */
function useReadKeyVersion(): number {
  return useSyncExternalStore(subscribeReadKey, getReadKeyVersion);
}

export interface QueryState<T> {
  data: T | undefined;
  error: RequestError | undefined;
  loading: boolean;
  reload: () => void;
}

function asRequestError(e: unknown): RequestError {
  if (e instanceof RequestError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new RequestError(message, [{ message, extensions: { code: "INTERNAL_SERVER_ERROR" } }]);
}

/**
 * Runs a query whenever its variables change (compared as JSON); `skip` holds it back and
 * forgets the last answer. While a new answer loads, the last one stays in `data`.
 */
export function useQuery<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  options: { skip?: boolean } = {},
): QueryState<TResult> {
  const key = JSON.stringify(variables);
  const skip = options.skip ?? false;
  const [tick, setTick] = useState(0);
  const keyVersion = useReadKeyVersion();
  const current = `${tick}:${keyVersion}:${key}`;
  const [result, setResult] = useState<{ for: string; data?: TResult; error?: RequestError } | null>(null);
  const [skipped, setSkipped] = useState(skip);
  if (skipped !== skip) {
    setSkipped(skip);
    if (skip) setResult(null);
  }

  useEffect(() => {
    if (skip) return undefined;
    const controller = new AbortController();
    request(document, JSON.parse(key) as TVariables, { signal: controller.signal }).then(
      (data) => {
        if (!controller.signal.aborted) setResult({ for: current, data });
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setResult({ for: current, error: asRequestError(e) });
      },
    );
    return () => controller.abort();
  }, [document, key, current, skip]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  if (skip) return { data: undefined, error: undefined, loading: false, reload };
  const done = result?.for === current;
  return { data: result?.data, error: done ? result.error : undefined, loading: !done, reload };
}

export interface PageInfoLike {
  hasNextPage: boolean;
  endCursor?: string | null;
}

type Connection<TNode> = { nodes: TNode[]; pageInfo: PageInfoLike; totalCount?: number };

/**
 * A cursor-paginated list with "load more": the first page follows `variables`,
 * more pages are appended. `select` picks the connection out of the result.
 */
export function usePaginatedQuery<TResult, TVariables extends { after?: string | null }, TNode>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  select: (result: TResult) => Connection<TNode> | null,
  /** The variables of the pages after the first (e.g. without `around`); the same by default. */
  forMore: (variables: TVariables) => TVariables = (v) => v,
) {
  const key = JSON.stringify(variables);
  const [tick, setTick] = useState(0);
  const keyVersion = useReadKeyVersion();
  const current = `${tick}:${keyVersion}:${key}`;
  // The answers (pages) of the list for `current`; the connection is picked out of them at render.
  // After a failed first page, `earlier` keeps the last good pages (their total stays shown).
  const [list, setList] = useState<{
    for: string;
    pages: TResult[];
    earlier?: TResult[];
    error?: RequestError;
    moreError?: RequestError;
    loadingMore: boolean;
  } | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const vars = { ...(JSON.parse(key) as TVariables), after: null };
    request(document, vars, { signal: controller.signal }).then(
      (data) => {
        if (!controller.signal.aborted) setList({ for: current, pages: [data], loadingMore: false });
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setList((l) => ({
          for: current,
          pages: [],
          earlier: l?.error ? l.earlier : l?.pages,
          error: asRequestError(e),
          loadingMore: false,
        }));
      },
    );
    return () => controller.abort();
  }, [document, key, current]);

  const done = list?.for === current;
  const connections = (list?.pages ?? []).map(select);
  const last = connections.at(-1);
  const pageInfo = last?.pageInfo ?? null;
  const totalCount = totalCountOf(connections) ?? (list?.error ? totalCountOf((list.earlier ?? []).map(select)) : undefined);
  const loadingMore = done && list.loadingMore;

  const loadMore = () => {
    if (!done || !pageInfo?.hasNextPage || loadingMore) return;
    type List = NonNullable<typeof list>;
    const mine = (l: List | null): l is List => l !== null && l.for === current;
    setList((l) => (mine(l) ? { ...l, loadingMore: true, moreError: undefined } : l));
    request(document, { ...forMore(JSON.parse(key) as TVariables), after: pageInfo.endCursor ?? null }).then(
      (data) => setList((l) => (mine(l) ? { ...l, pages: [...l.pages, data], loadingMore: false } : l)),
      (e: unknown) => setList((l) => (mine(l) ? { ...l, moreError: asRequestError(e), loadingMore: false } : l)),
    );
  };

  const reload = useCallback(() => setTick((t) => t + 1), []);

  return {
    /** The answers of the pages read so far (the first page's answer describes the list). */
    pages: done ? list.pages : ([] as TResult[]),
    items: connections.flatMap((c) => c?.nodes ?? []),
    found: connections.length === 0 || connections[0] !== null,
    totalCount,
    hasNextPage: pageInfo?.hasNextPage ?? false,
    loading: !done,
    loadingMore,
    error: done ? list.error : undefined,
    moreError: done ? list.moreError : undefined,
    loadMore,
    reload,
  };
}

/** The last total a list's pages state. */
function totalCountOf(connections: readonly (Connection<unknown> | null)[]): number | undefined {
  for (let i = connections.length - 1; i >= 0; i--) {
    const n = connections[i]?.totalCount;
    if (n !== undefined) return n;
  }
  return undefined;
}

/** Fetches every page of a connection (pages of `first`), up to `maxPages`. */
export async function fetchAllPages<TResult, TVariables extends { after?: string | null }, TNode>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  select: (result: TResult) => { nodes: TNode[]; pageInfo: PageInfoLike } | null,
  options: { signal?: AbortSignal; maxPages?: number } = {},
): Promise<{ nodes: TNode[]; complete: boolean; found: boolean }> {
  const nodes: TNode[] = [];
  let after: string | null = null;
  const maxPages = options.maxPages ?? 50;
  for (let page = 0; page < maxPages; page++) {
    const data: TResult = await request(document, { ...variables, after }, { signal: options.signal });
    const conn = select(data);
    if (!conn) return { nodes, complete: true, found: false };
    nodes.push(...conn.nodes);
    if (!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor) return { nodes, complete: true, found: true };
    after = conn.pageInfo.endCursor;
  }
  return { nodes, complete: false, found: true };
}

/**
 * Like useQuery, for an async loader such as fetchAllPages. `load` runs again whenever it is a
 * new function: give a stable one (module level, or useCallback with its dependencies).
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>) {
  const [ownTick, setTick] = useState(0);
  // Loads again when the key queries carry changes (hidden achievements' texts depend on it).
  const tick = ownTick * 1_000_000 + useReadKeyVersion();
  const [result, setResult] = useState<{ load: typeof load; tick: number; data?: T; error?: RequestError } | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResult({ load, tick, data });
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setResult({ load, tick, error: asRequestError(e) });
      },
    );
    return () => controller.abort();
  }, [load, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const done = result?.load === load && result.tick === tick;
  return { data: result?.data, error: done ? result.error : undefined, loading: !done, reload };
}
