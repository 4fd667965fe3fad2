import { Field, InputType, Int } from "type-graphql";
import { IsInt, IsOptional, Max, Min } from "class-validator";
import { DateTimeScalar, IdScalar as ID } from "../../graphql/scalars";
import { IsCleanText } from "../../graphql/validation";
import type { InvalidDateTime } from "../../common/time";

@InputType({ description: "Steps a user made towards an incremental achievement." })
export class ReportProgressInput {
  @Field(() => ID, { description: "The user who made them." })
  userId!: string;

  @Field(() => ID, { description: "The incremental achievement (one with steps)." })
  achievementId!: string;

  @Field(() => Int, { nullable: true, description: "Steps to add (1-10000). Exactly one of increment and atLeast." })
  @IsOptional()
  @IsInt({ message: "increment must be an integer from 1 to 10000" })
  @Min(1, { message: "increment must be an integer from 1 to 10000" })
  @Max(10000, { message: "increment must be an integer from 1 to 10000" })
  increment?: number | null;

  @Field(() => Int, { nullable: true, description: "Raise the progress to at least this many steps (0-10000); never lowers it." })
  @IsOptional()
  @IsInt({ message: "atLeast must be an integer from 0 to 10000" })
  @Min(0, { message: "atLeast must be an integer from 0 to 10000" })
  @Max(10000, { message: "atLeast must be an integer from 0 to 10000" })
  atLeast?: number | null;

  // The scalar itself, not Date: type-graphql would turn anything that is not a Date into `new Date()`.
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When the steps were made; default now. Same rules as AwardAchievementInput.awardedAt.",
  })
  at?: Date | InvalidDateTime | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Idempotency key (1-64 characters after trimming): a report whose requestId this user already used changes nothing. Kept at least 7 days.",
  })
  @IsCleanText(1, 64)
  requestId?: string | null;
}
