import { Field, ObjectType, registerEnumType } from "type-graphql";
import { IdScalar as ID } from "../../graphql/scalars";
import { Award } from "../award/award.type";
import { AchievementProgress } from "../progress/progress.type";

export enum AwardEventKind {
  AWARDED = "AWARDED",
  REVOKED = "REVOKED",
  PROGRESSED = "PROGRESSED",
}

registerEnumType(AwardEventKind, {
  name: "AwardEventKind",
  description: "What an event reports.",
  valuesConfig: {
    AWARDED: { description: "An award was made (awardAchievement, a batch, or progress reaching its target)." },
    REVOKED: { description: "An award was revoked." },
    PROGRESSED: { description: "A progress report raised a user's progress." },
  },
});

@ObjectType({ description: "A committed change of a user's awards or progress (api-contract.md, Events)." })
export class AwardEvent {
  @Field(() => ID, { description: "Unique, increasing in commit order." })
  id!: string;

  @Field(() => AwardEventKind, { description: "What happened." })
  kind!: AwardEventKind;

  @Field(() => ID, { description: "The user whose award or progress changed." })
  userId!: string;

  @Field(() => ID, { description: "The achievement concerned." })
  achievementId!: string;

  @Field({ description: "When the change was committed (the server's clock); the award's own time is award.awardedAt." })
  at!: Date;

  @Field(() => Award, { nullable: true, description: "The award (AWARDED, REVOKED), as it was when the event was committed." })
  award?: Award | null;

  @Field(() => AchievementProgress, { nullable: true, description: "The progress after the change (PROGRESSED)." })
  progress?: AchievementProgress | null;
}
