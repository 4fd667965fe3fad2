import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, Info, Int, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context";
import { selectsChildField } from "../../graphql/lookahead";
import { DateTimeScalar, IdScalar as ID } from "../../graphql/scalars";
import type { InvalidDateTime } from "../../common/time";
import type { UserRow } from "../user/user.repository";
import { Stats } from "../statistics/statistics.type";
import { User } from "../user/user.type";
import { rankKey } from "./leaderboard.loaders";
import { LeaderboardMetric, LeaderboardPeriod } from "./leaderboard.periods";
import type { LeaderboardEntryData } from "./leaderboard.service";
import { Leaderboard, LeaderboardEntry } from "./leaderboard.type";

@Resolver(() => Stats)
export class LeaderboardResolver {
  @FieldResolver(() => Leaderboard, {
    description:
      "Users ordered by value descending, then id. `at` picks the period that contains it (default now). `around` returns the page of `first` entries centred on that user (api-contract.md).",
  })
  async leaderboard(
    @Arg("metric", () => LeaderboardMetric, { nullable: true, defaultValue: LeaderboardMetric.POINTS, description: "What to rank by." })
    metric: LeaderboardMetric | null,
    @Arg("period", () => LeaderboardPeriod, {
      nullable: true,
      defaultValue: LeaderboardPeriod.ALL_TIME,
      description: "The kind of period.",
    })
    period: LeaderboardPeriod | null,
    @Arg("at", () => DateTimeScalar, { nullable: true, description: "An instant in the period to show; absent: now." })
    at: Date | InvalidDateTime | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: "Page size: 1–100; null or absent means 20." })
    first: number | null,
    @Arg("after", () => String, {
      nullable: true,
      description: "A cursor of this leaderboard (same metric and period): the page starts after its entry. Not with `around`.",
    })
    after: string | null,
    @Arg("around", () => ID, {
      nullable: true,
      description: "A user: the page is the `first` entries holding them, as centred as the board allows; empty when they are not ranked.",
    })
    around: string | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const board = await ctx.services.leaderboards.leaderboard(ctx.read, {
      metric,
      period,
      at,
      first,
      after,
      around,
      withTotal: selectsChildField(info, "totalCount"),
    });
    // The page brought its users along: other fields of this request asking for them reuse the rows.
    for (const e of board.edges) if (e.node.user) ctx.loaders.user.prime(e.node.userId, e.node.user);
    return board;
  }
}

@Resolver(() => LeaderboardEntry)
export class LeaderboardEntryResolver {
  @FieldResolver(() => User, { description: "The user." })
  async user(@Root() e: LeaderboardEntryData, @Ctx() ctx: Context): Promise<UserRow> {
    const u = e.user ?? (await ctx.loaders.user.load(e.userId));
    if (!u) throw new Error(`user ${e.userId} vanished`);
    return u;
  }
}

@Resolver(() => User)
export class UserRankResolver {
  @FieldResolver(() => Int, {
    nullable: true,
    description: "The user's rank (1 = best; ties share a rank); null when the user has no value in that period.",
  })
  async rank(
    @Root() u: UserRow,
    @Arg("metric", () => LeaderboardMetric, { nullable: true, defaultValue: LeaderboardMetric.POINTS, description: "What to rank by." })
    metric: LeaderboardMetric | null,
    @Arg("period", () => LeaderboardPeriod, {
      nullable: true,
      defaultValue: LeaderboardPeriod.ALL_TIME,
      description: "The kind of period; the current one (the server's clock, UTC).",
    })
    period: LeaderboardPeriod | null,
    @Ctx() ctx: Context,
  ): Promise<number | null> {
    const board = ctx.services.leaderboards.current(metric, period);
    return (await ctx.loaders.leaderboardRank.load(rankKey(board.key, u.id)))?.rank ?? null;
  }
}
