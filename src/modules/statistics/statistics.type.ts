import { Field, Int, ObjectType } from "type-graphql";
import { IdScalar as ID } from "../../graphql/scalars";
import { ConnectionType } from "../../graphql/pagination";
import { Streak, User } from "../user/user.type";

@ObjectType({ description: "The largest achievement count among ranked users, and who holds it." })
export class UsersWithCount {
  @Field(() => Int, { description: "The largest achievementCount of a ranked user." })
  count!: number;

  @Field(() => Int, { description: "Number of users tied at this count." })
  userCount!: number;

  userIds!: string[];
}

@ObjectType({ description: "The largest points total among ranked users, and who holds it." })
export class UsersWithPoints {
  @Field(() => Int, { description: "The largest points of a ranked user." })
  points!: number;

  @Field(() => Int, { description: "Number of users tied at these points." })
  userCount!: number;

  userIds!: string[];
}

@ObjectType({ description: "Two distinct ranked users." })
export class UserPair {
  @Field(() => User, { description: "The member of the pair with more points (lower id first when equal)." })
  first!: User;

  @Field(() => User, { description: "The member of the pair with fewer points (the higher id when equal)." })
  second!: User;
}

@ObjectType({ description: "A points difference between two ranked users, and the pairs that have it." })
export class PointsGap {
  @Field(() => Int, { description: "The points difference of every pair: first's points minus second's, 0 or more." })
  difference!: number;

  @Field(() => Int, {
    description: "How many unordered pairs of users have exactly this difference (saturates at 2147483647; see pairCountExact).",
  })
  pairCount!: number;

  @Field(() => String, { description: "The same count as pairCount, as a decimal string, exact however large." })
  pairCountExact!: string;

  pairIds!: [string, string][];
}

@ObjectType({ description: "A user whose longest streak is long enough, with that streak." })
export class UserStreak {
  @Field(() => User, { description: "The user." })
  user!: User;

  @Field(() => Streak, { description: "The user's longest streak." })
  streak!: Streak;
}

@ObjectType({ description: "A page of users with a long enough streak, longest first (then by user id)." })
export class UserStreakConnection extends ConnectionType(UserStreak, "a user with their longest streak") {}

@ObjectType({ description: "Who leads: computed from per-user aggregates kept with every award." })
export class Stats {
  /** Marker so the type is not empty; fields are resolved by StatisticsResolver. */
  @Field(() => ID, { description: 'Always "stats": lets client caches keep one Stats object.' })
  id!: string;
}
