import { Field, Int, ObjectType } from "type-graphql";
import { IdScalar as ID } from "../../graphql/scalars";
import { PageInfo } from "../../graphql/pagination";
import { Streak, User } from "../user/user.type";

@ObjectType({ description: "The largest achievement count among ranked users, and who holds it." })
export class UsersWithCount {
  @Field(() => Int)
  count!: number;

  @Field(() => Int, { description: "Number of users tied at this count." })
  userCount!: number;

  userIds!: string[];
}

@ObjectType({ description: "The largest points total among ranked users, and who holds it." })
export class UsersWithPoints {
  @Field(() => Int)
  points!: number;

  @Field(() => Int, { description: "Number of users tied at these points." })
  userCount!: number;

  userIds!: string[];
}

@ObjectType()
export class UserPair {
  @Field(() => User, { description: "The member of the pair with more points (lower id first when equal)." })
  first!: User;

  @Field(() => User)
  second!: User;
}

@ObjectType({ description: "A points difference between two ranked users, and the pairs that have it." })
export class PointsGap {
  @Field(() => Int)
  difference!: number;

  @Field(() => Int, {
    description: "How many unordered pairs of users have exactly this difference (saturates at 2147483647; see pairCountExact).",
  })
  pairCount!: number;

  @Field(() => String, { description: "pairCount as a decimal string, exact however large." })
  pairCountExact!: string;

  pairIds!: [string, string][];
}

@ObjectType()
export class UserStreak {
  @Field(() => User)
  user!: User;

  @Field(() => Streak, { description: "The user's longest streak." })
  streak!: Streak;
}

@ObjectType()
export class UserStreakEdge {
  @Field()
  cursor!: string;

  @Field(() => UserStreak)
  node!: UserStreak;
}

@ObjectType()
export class UserStreakConnection {
  @Field(() => [UserStreakEdge])
  edges!: UserStreakEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@ObjectType({ description: "Who leads: computed from per-user aggregates kept with every award." })
export class Stats {
  /** Marker so the type is not empty; fields are resolved by StatisticsResolver. */
  @Field(() => ID, { description: 'Always "stats": lets client caches keep one Stats object.' })
  id!: string;
}
