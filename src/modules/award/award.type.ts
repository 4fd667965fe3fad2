import { Field, Int, ObjectType } from "type-graphql";
import { IdScalar as ID } from "../../graphql/scalars";
import { ConnectionType } from "../../graphql/pagination";

@ObjectType({ description: "An achievement held by a user, with the moment it was given." })
export class Award {
  @Field(() => ID, { description: "Assigned by the service: a positive integer below 2^63, as a string." })
  id!: string;

  @Field({ description: "When the user earned it: the input's awardedAt, else the server's clock when it was awarded." })
  awardedAt!: Date;

  @Field(() => Date, { nullable: true, description: "When it was revoked (the server's clock); null while the user holds it." })
  revokedAt?: Date | null;

  @Field(() => String, { nullable: true, description: "Why it was revoked; null while the user holds it." })
  revocationReason?: string | null;

  @Field(() => String, { nullable: true, description: "Name of the key that revoked it; null while the user holds it." })
  revokedBy?: string | null;

  userId!: string;
  achievementId!: string;
  /** The cursor position in a user's award list (awarded_at with microseconds, UTC). */
  awardedAtKey!: string;
}

@ObjectType({ description: "A page of a user's awards: held ones newest first, or revoked ones most recently revoked first." })
export class AwardConnection extends ConnectionType(Award, "an award") {}

@ObjectType({ description: "What awardAchievement did." })
export class AwardResult {
  @Field(() => Award, { description: "The award: the new one, or the one the user already held." })
  award!: Award;

  @Field({ description: "False when the user already held the achievement; award is then the existing one, unchanged." })
  created!: boolean;
}

@ObjectType({ description: "What revokeAward did." })
export class RevokeResult {
  @Field({ description: "False when the user did not hold the achievement; nothing changed." })
  revoked!: boolean;

  @Field(() => Award, { nullable: true, description: "The revoked award, with revokedAt, revocationReason and revokedBy." })
  award!: Award | null;
}

@ObjectType({ description: "Why one item of a batch failed; the item wrote nothing." })
export class BatchError {
  @Field({ description: "One of the error codes of the API (BAD_USER_INPUT, NOT_FOUND, …)." })
  code!: string;

  @Field({ description: "What is wrong, as awardAchievement would say it." })
  message!: string;

  @Field(() => String, { nullable: true, description: "The input field at fault, as extensions.field would name it." })
  field!: string | null;
}

@ObjectType({ description: "The outcome of one item of awardAchievements." })
export class BatchAwardItem {
  @Field(() => Int, { description: "Position of the item in `inputs`, from 0." })
  index!: number;

  @Field(() => AwardResult, { nullable: true, description: "Set when the item succeeded." })
  result?: AwardResult;

  @Field(() => BatchError, { nullable: true, description: "Set when the item failed; that item wrote nothing." })
  error?: BatchError;
}
