import { Field, Int, ObjectType } from "type-graphql";
import type { ClassType } from "type-graphql";
import { BadUserInputError } from "../common/errors";

@ObjectType({ description: "Where a page stands in its list. Lists are read forward only, with `first` and `after`." })
export class PageInfo {
  @Field({ description: "True when entries follow this page; pass endCursor as `after` to read them." })
  hasNextPage!: boolean;

  @Field({
    description:
      "True when the page was read with `after`: the entry of that cursor and those before it precede the page. False on a first page.",
  })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the first edge of this page; null when the page is empty." })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Cursor of the last edge of this page, to pass as `after` for the next page; null when the page is empty.",
  })
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

/**
 * The GraphQL types of a list of `Node` (type-graphql's generic types): declares `<Node>Edge` and
 * returns the fields of `<Node>Connection`, to be extended by a class named so:
 * `@ObjectType({ description }) class UserConnection extends ConnectionType(User, "a user") {}`.
 * `aNode` names a node, with its article, in the descriptions.
 */
export function ConnectionType<TNode extends object>(Node: ClassType<TNode>, aNode: string) {
  @ObjectType(`${Node.name}Edge`, { description: `${aNode[0]!.toUpperCase()}${aNode.slice(1)} in a page of a list, with its cursor.` })
  class EdgeType {
    @Field({ description: "Opaque position of this entry in its list; pass it as `after` to read the entries that follow." })
    cursor!: string;

    @Field(() => Node, { description: `${aNode.replace(/^an? /, "The ")}.` })
    node!: TNode;
  }

  // Never in the schema itself: no field returns it, only the classes that extend it.
  @ObjectType()
  abstract class ConnectionFields {
    @Field(() => [EdgeType], { description: "The entries of this page, in list order; at most `first`." })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: "Whether entries precede or follow this page, and the cursors of its ends." })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "Number of entries in the whole list, all pages together." })
    totalCount!: number;
  }

  return ConnectionFields;
}

export const CONNECTION_MAX = 100;
export const LIST_MAX = 1000;

/** Descriptions of the arguments every connection takes. */
export const FIRST_DESCRIPTION = "Page size: 1–100; null or absent means 20.";
export const AFTER_DESCRIPTION =
  "A cursor this list returned (endCursor, or an edge's cursor): the page starts after its entry. Absent: from the start.";
/** Description of `first` on the lists of tied users and of pairs. */
export const LIST_FIRST_DESCRIPTION = "At most this many: 1–1000; null or absent means 100.";

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
