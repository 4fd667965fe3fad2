import { Field, ObjectType } from "type-graphql";
import { BadUserInputError } from "./errors";

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** Evaluated only when the client selects it. */
  readonly totalCount: Promise<number>;
}

export const CONNECTION_MAX = 100;
export const LIST_MAX = 1000;

/** `first` of a list: null or undefined means the default; else an integer from 1 to max. */
export function pageSize(first: number | null | undefined, fallback: number, max: number, field = "first"): number {
  if (first === null || first === undefined) return fallback;
  if (!Number.isInteger(first) || first < 1 || first > max) {
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
  shape: readonly ("id" | "int" | "instant")[],
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

/** Builds a connection from up to `first + 1` rows fetched in list order. */
export function toConnection<R, T>(
  rows: readonly R[],
  first: number,
  cursorOf: (row: R) => string,
  nodeOf: (row: R) => T,
  totalCount: () => Promise<number>,
): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((r) => ({ cursor: cursorOf(r), node: nodeOf(r) }));
  let total: Promise<number> | undefined;
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.length ? edges[edges.length - 1]!.cursor : null },
    get totalCount() {
      total ??= totalCount();
      return total;
    },
  };
}
