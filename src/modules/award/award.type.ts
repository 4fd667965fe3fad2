import { Field, ObjectType } from "type-graphql";
import { IdScalar as ID } from "../../graphql/scalars";
import { ConnectionType } from "../../graphql/pagination";

@ObjectType({ description: "An achievement held by a user, with the moment it was given." })
export class Award {
  @Field(() => ID, { description: "Assigned by the service: a positive integer below 2^63, as a string." })
  id!: string;

  @Field({ description: "When the user earned it: the input's awardedAt, else the server's clock when it was awarded." })
  awardedAt!: Date;

  userId!: string;
  achievementId!: string;
  /** The cursor position in a user's award list (awarded_at with microseconds, UTC). */
  awardedAtKey!: string;
}

@ObjectType({ description: "A page of a user's awards, newest first." })
export class AwardConnection extends ConnectionType(Award, "an award") {}

@ObjectType({ description: "What awardAchievement did." })
export class AwardResult {
  @Field(() => Award, { description: "The award: the new one, or the one the user already held." })
  award!: Award;

  @Field({ description: "False when the user already held the achievement; award is then the existing one, unchanged." })
  created!: boolean;
}
