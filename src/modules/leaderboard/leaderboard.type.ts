import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar } from "../../graphql/scalars";
import { PageInfo } from "../../graphql/pagination";
import { User } from "../user/user.type";
import { LeaderboardMetric, LeaderboardPeriod } from "./leaderboard.periods";

registerEnumType(LeaderboardMetric, {
  name: "LeaderboardMetric",
  description: "What a leaderboard ranks by.",
  valuesConfig: {
    POINTS: { description: "The points of the awards the user holds from the period." },
    ACHIEVEMENTS: { description: "The number of awards the user holds from the period." },
  },
});

registerEnumType(LeaderboardPeriod, {
  name: "LeaderboardPeriod",
  description: "The period a leaderboard counts awards of, by their awardedAt (UTC).",
  valuesConfig: {
    ALL_TIME: { description: "Every award." },
    DAY: { description: "A UTC day, from 00:00." },
    WEEK: { description: "An ISO week, from Monday 00:00 UTC." },
    MONTH: { description: "A calendar month, from the 1st 00:00 UTC." },
  },
});

@ObjectType({ description: "A user's place on a leaderboard." })
export class LeaderboardEntry {
  @Field(() => Int, { description: "1 + the number of users with a strictly greater value (ties share a rank)." })
  rank!: number;

  @Field(() => User, { description: "The user." })
  user!: User;

  @Field(() => Int, { description: "Points (or achievements) the user earned in the period." })
  value!: number;
}

@ObjectType({ description: "A leaderboard entry in a page, with its cursor." })
export class LeaderboardEdge {
  @Field({ description: "Opaque position of this entry on its leaderboard; pass it as `after` to read the entries that follow." })
  cursor!: string;

  @Field(() => LeaderboardEntry, { description: "The entry." })
  node!: LeaderboardEntry;
}

@ObjectType({ description: "A page of a leaderboard: users by value descending, then id." })
export class Leaderboard {
  @Field(() => LeaderboardMetric, { description: "What the board ranks by." })
  metric!: LeaderboardMetric;

  @Field(() => LeaderboardPeriod, { description: "The kind of period." })
  period!: LeaderboardPeriod;

  @Field(() => DateTimeScalar, { nullable: true, description: "Start of the period (inclusive, UTC); null for ALL_TIME." })
  periodStart!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "End of the period (exclusive, UTC); null for ALL_TIME." })
  periodEnd!: Date | null;

  @Field(() => [LeaderboardEdge], { description: "The entries of this page, in board order; at most `first`." })
  edges!: LeaderboardEdge[];

  @Field(() => PageInfo, {
    description:
      "Whether entries follow this page (endCursor continues the board as `after`) and precede it (read with `after`, or an `around` window that does not start at the top).",
  })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: "Users with a value above 0 in the period." })
  totalCount!: number;
}
