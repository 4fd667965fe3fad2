import { Field, Int, ObjectType } from "type-graphql";
import type { ClassType } from "type-graphql";

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

/** Descriptions of the arguments every connection takes. */
export const FIRST_DESCRIPTION = "Page size: 1–100; null or absent means 20.";
export const AFTER_DESCRIPTION =
  "A cursor this list returned (endCursor, or an edge's cursor): the page starts after its entry. Absent: from the start.";
/** Description of `first` on the lists of tied users and of pairs. */
export const LIST_FIRST_DESCRIPTION = "At most this many: 1–1000; null or absent means 100.";
