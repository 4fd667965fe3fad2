import { BadUserInputError } from "./errors";

/** What a page says of where it stands in its list (the GraphQL type is PageInfo). */
export interface PageInfoData {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfoData;
  /** Evaluated only when the client selects it. */
  readonly totalCount: Promise<number>;
}

export const CONNECTION_MAX = 100;
export const LIST_MAX = 1000;

/** Whether `first` is a page size the lists accept: an integer from 1 to `max`. */
export function isPageSize(first: unknown, max: number): first is number {
  return typeof first === "number" && Number.isInteger(first) && first >= 1 && first <= max;
}

/** `first` of a list: null or undefined means the default; else an integer from 1 to max. */
export function pageSize(first: number | null | undefined, fallback: number, max: number, field = "first"): number {
  if (first === null || first === undefined) return fallback;
  if (!isPageSize(first, max)) {
    throw new BadUserInputError(field, `${field} must be an integer from 1 to ${max}`);
  }
  return first;
}

/**
 * Cursors are opaque to clients: base64url of a JSON array whose first element names the list.
 * A cursor from another list, or anything that is not a cursor, is BAD_USER_INPUT.
 */
export function encodeCursor(kind: string, values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([kind, ...values]), "utf8").toString("base64url");
}

export function decodeCursor(
  raw: string | null | undefined,
  kind: string,
  shape: CursorShape,
  field = "after",
): (string | number)[] | undefined {
  if (raw === null || raw === undefined) return undefined;
  const fail = () => new BadUserInputError(field, `${field} is not a cursor of this list`);
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,400}$/.test(raw)) throw fail();
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw fail();
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length + 1 || parsed[0] !== kind) throw fail();
  const values = parsed.slice(1) as unknown[];
  shape.forEach((t, i) => {
    const v = values[i];
    const ok =
      t === "id"
        ? typeof v === "string" && /^[1-9][0-9]{0,18}$/.test(v)
        : t === "int"
          ? Number.isSafeInteger(v)
          : typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(v);
    if (!ok) throw fail();
  });
  return values as (string | number)[];
}

export type CursorShape = readonly ("id" | "int" | "instant")[];

/** How a list is read a page at a time. */
export interface PagedList<R> {
  /** Names the list in its cursors. */
  kind: string;
  /** The types of the cursor's values: those of `scope`, then those of `position`. */
  shape: CursorShape;
  /**
   * Leading cursor values that fix which list this is (the user of an award list, the `days` of a
   * streak list): a cursor with other values is another list's.
   */
  scope?: readonly (string | number)[];
  /** A row's place in the list order, the cursor's values after `scope`. */
  position: (row: R) => readonly (string | number)[];
  /** Up to `limit` rows in list order, after `position` (from the start when null). */
  fetch: (position: (string | number)[] | null, limit: number) => Promise<readonly R[]>;
  /** Number of rows in the whole list; run only when the client selects `totalCount`. */
  count: () => Promise<number>;
}

/** A page of `first` rows after the cursor `after` (BAD_USER_INPUT when either is not one of this list's). */
export async function paginate<R>(args: { first?: number | null; after?: string | null }, list: PagedList<R>): Promise<Connection<R>> {
  const first = pageSize(args.first, 20, CONNECTION_MAX);
  const after = decodeCursor(args.after, list.kind, list.shape);
  const scope = list.scope ?? [];
  if (after && scope.some((v, i) => after[i] !== v)) {
    throw new BadUserInputError("after", "after is not a cursor of this list");
  }
  const rows = await list.fetch(after ? after.slice(scope.length) : null, first + 1);
  return toConnection(rows, first, (r) => encodeCursor(list.kind, [...scope, ...list.position(r)]), list.count, after !== undefined);
}

/**
 * Builds a connection from up to `first + 1` rows fetched in list order. `hasPreviousPage` is
 * whether the page was read with `after`: only an entry of the list has a cursor, and nothing
 * leaves a list, so that entry precedes the page.
 */
export function toConnection<R>(
  rows: readonly R[],
  first: number,
  cursorOf: (row: R) => string,
  totalCount: () => Promise<number>,
  hasPreviousPage = false,
): Connection<R> {
  const edges = rows.slice(0, first).map((r) => ({ cursor: cursorOf(r), node: r }));
  let total: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    get totalCount() {
      total ??= totalCount();
      return total;
    },
  };
}
