import { Field, Int, ObjectType } from "type-graphql";
import { ConnectionType } from "../../graphql/pagination";

/** The root of an AchievementProgress: a user's steps towards an incremental achievement. */
export interface ProgressRoot {
  userId: string;
  achievementId: string;
  current: number;
  target: number;
  updatedAt: Date;
}

@ObjectType({ description: "A user's progress towards an incremental achievement." })
export class AchievementProgress {
  @Field(() => Int, { description: "Steps done so far, 0..target (the target while the user holds the award)." })
  current!: number;

  @Field(() => Int, { description: "The achievement's steps." })
  target!: number;

  @Field({
    description:
      "The `at` of the last report that raised it (the award's awardedAt once held; the achievement's createdAt when never started).",
  })
  updatedAt!: Date;

  userId!: string;
  achievementId!: string;
}

@ObjectType({ description: "A page of a user's started, uncompleted progress, most recently advanced first." })
export class AchievementProgressConnection extends ConnectionType(AchievementProgress, "a progress") {}

@ObjectType({ description: "What reportProgress did." })
export class ProgressResult {
  @Field(() => AchievementProgress, { description: "The progress after this report (current = target once the user holds the award)." })
  progress!: AchievementProgress;

  @Field({ description: "True when this report reached the target and created the award." })
  completed!: boolean;

  @Field({
    description: "False when the requestId had been used before (or the achievement was already complete): nothing changed.",
  })
  applied!: boolean;
}
