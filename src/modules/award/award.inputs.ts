import { Field, InputType } from "type-graphql";
import { IdScalar as ID } from "../../graphql/scalars";
import { DateTimeScalar } from "../../graphql/scalars";
import type { InvalidDateTime } from "../../common/time";
import { IsCleanText } from "../../graphql/validation";

@InputType({ description: "An achievement to award to a user." })
export class AwardAchievementInput {
  @Field(() => ID, { description: "The user who earned it." })
  userId!: string;

  @Field(() => ID, { description: "The achievement earned." })
  achievementId!: string;

  // The scalar itself, not Date: type-graphql would turn anything that is not a Date into `new Date()`.
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When it was earned; default now. Past instants are allowed (imports); more than a minute ahead is not.",
  })
  awardedAt?: Date | InvalidDateTime | null;
}

@InputType({ description: "An award to take back, and why." })
export class RevokeAwardInput {
  @Field(() => ID, { description: "The user who holds it." })
  userId!: string;

  @Field(() => ID, { description: "The achievement to take back." })
  achievementId!: string;

  @Field({ description: "Why (1-500 characters after trimming); kept with the award." })
  @IsCleanText(1, 500)
  reason!: string;
}
