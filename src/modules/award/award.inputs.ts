import { Field, ID, InputType } from "type-graphql";

@InputType()
export class AwardAchievementInput {
  @Field(() => ID)
  userId!: string;

  @Field(() => ID)
  achievementId!: string;

  @Field(() => Date, {
    nullable: true,
    description: "When it was earned; default now. Past instants are allowed (imports); more than a minute ahead is not.",
  })
  awardedAt?: Date | null;
}
