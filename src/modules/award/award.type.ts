import { Field, ObjectType, Int } from "type-graphql";
import { IdScalar as ID } from "../../graphql/scalars";
import { PageInfo } from "../../graphql/pagination";

@ObjectType({ description: "An achievement held by a user, with the moment it was given." })
export class Award {
  @Field(() => ID)
  id!: string;

  @Field()
  awardedAt!: Date;

  userId!: string;
  achievementId!: string;
  /** The cursor position in a user's award list (awarded_at with microseconds, UTC). */
  awardedAtKey!: string;
}

@ObjectType()
export class AwardEdge {
  @Field()
  cursor!: string;

  @Field(() => Award)
  node!: Award;
}

@ObjectType()
export class AwardConnection {
  @Field(() => [AwardEdge])
  edges!: AwardEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@ObjectType()
export class AwardResult {
  @Field(() => Award)
  award!: Award;

  @Field({ description: "False when the user already held the achievement; award is then the existing one, unchanged." })
  created!: boolean;
}
