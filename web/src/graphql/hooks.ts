import { useCallback, useEffect, useRef, useState } from "react";
import type { TypedDocumentString } from "../gql/graphql";
import { request, RequestError } from "./client";

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

/** Runs a query whenever its variables change (compared as JSON); `skip` holds it back. */
export function useQuery<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  options: { skip?: boolean } = {},
): QueryState<TResult> {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<{ data?: TResult; error?: RequestError; loading: boolean }>({
    loading: !options.skip,
  });
  const [tick, setTick] = useState(0);
  const varsRef = useRef(variables);
  varsRef.current = variables;

  useEffect(() => {
    if (options.skip) {
      setState({ loading: false });
      return undefined;
    }
    const controller = new AbortController();
    setState((s) => ({ data: s.data, loading: true }));
    request(document, varsRef.current, { signal: controller.signal }).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, loading: false });
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setState({ error: asRequestError(e), loading: false });
      },
    );
    return () => controller.abort();
  }, [document, key, tick, options.skip]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export interface PageInfoLike {
  hasNextPage: boolean;
  endCursor?: string | null;
}

/**
 * A cursor-paginated list with "load more": the first page follows `variables`,
 * more pages are appended. `select` picks the connection out of the result.
 */
export function usePaginatedQuery<TResult, TVariables extends { after?: string | null }, TNode>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  select: (result: TResult) => { nodes: TNode[]; pageInfo: PageInfoLike; totalCount?: number } | null,
) {
  const key = JSON.stringify(variables);
  const [items, setItems] = useState<TNode[]>([]);
  const [pageInfo, setPageInfo] = useState<PageInfoLike | null>(null);
  const [totalCount, setTotalCount] = useState<number | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<RequestError | undefined>();
  const [moreError, setMoreError] = useState<RequestError | undefined>();
  const [tick, setTick] = useState(0);
  const [found, setFound] = useState(true);
  const selectRef = useRef(select);
  selectRef.current = select;
  const varsRef = useRef(variables);
  varsRef.current = variables;
  const generation = useRef(0);

  useEffect(() => {
    const controller = new AbortController();
    const gen = ++generation.current;
    setLoading(true);
    setError(undefined);
    setMoreError(undefined);
    request(document, { ...varsRef.current, after: null }, { signal: controller.signal }).then(
      (data) => {
        if (gen !== generation.current) return;
        const conn = selectRef.current(data);
        setFound(conn !== null);
        setItems(conn?.nodes ?? []);
        setPageInfo(conn?.pageInfo ?? null);
        setTotalCount(conn?.totalCount);
        setLoading(false);
      },
      (e: unknown) => {
        if (gen !== generation.current || controller.signal.aborted) return;
        setItems([]);
        setPageInfo(null);
        setError(asRequestError(e));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [document, key, tick]);

  const loadMore = useCallback(() => {
    if (!pageInfo?.hasNextPage || loadingMore) return;
    const gen = generation.current;
    setLoadingMore(true);
    setMoreError(undefined);
    request(document, { ...varsRef.current, after: pageInfo.endCursor ?? null }).then(
      (data) => {
        if (gen !== generation.current) return;
        const conn = selectRef.current(data);
        setItems((prev) => [...prev, ...(conn?.nodes ?? [])]);
        setPageInfo(conn?.pageInfo ?? null);
        if (conn?.totalCount !== undefined) setTotalCount(conn.totalCount);
        setLoadingMore(false);
      },
      (e: unknown) => {
        if (gen !== generation.current) return;
        setMoreError(asRequestError(e));
        setLoadingMore(false);
      },
    );
  }, [document, pageInfo, loadingMore]);

  const reload = useCallback(() => setTick((t) => t + 1), []);

  return {
    items,
    found,
    totalCount,
    hasNextPage: pageInfo?.hasNextPage ?? false,
    loading,
    loadingMore,
    error,
    moreError,
    loadMore,
    reload,
  };
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

/** Like useQuery, for an async loader such as fetchAllPages. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: RequestError; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ data: s.data, loading: true }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, loading: false });
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setState({ error: asRequestError(e), loading: false });
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
