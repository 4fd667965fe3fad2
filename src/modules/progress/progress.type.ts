import { Field, Int, ObjectType } from "type-graphql";

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
  @Field(() => Int, { description: "Steps done so far, 0..target." })
  current!: number;

  @Field(() => Int, { description: "The achievement's steps." })
  target!: number;

  @Field({ description: "When the progress last changed." })
  updatedAt!: Date;

  userId!: string;
  achievementId!: string;
}
