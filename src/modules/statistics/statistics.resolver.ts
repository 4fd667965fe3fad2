import { Arg, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../graphql/context";
import { AFTER_DESCRIPTION, FIRST_DESCRIPTION, LIST_FIRST_DESCRIPTION } from "../../graphql/pagination";
import { LIST_MAX, pageSize } from "../../common/pagination";
import { requestedFirst } from "../../graphql/lookahead";
import type { UserRow } from "../user/user.repository";
import { Streak, User } from "../user/user.type";
import type { StreakRow, UserStatsRow } from "./statistics.repository";
import { PointsGap, Stats, UserPair, UserStreak, UserStreakConnection, UsersWithCount, UsersWithPoints } from "./statistics.type";

async function loadUsers(ctx: Context, ids: readonly string[]): Promise<UserRow[]> {
  const users = await ctx.loaders.user.loadMany(ids);
  return users.map((u, i) => {
    if (!u || u instanceof Error) throw u instanceof Error ? u : new Error(`user ${ids[i]} vanished`);
    return u;
  });
}

type MaybeStats = UserStatsRow | null | undefined;

/**
 * `f` of the user's aggregates: at once (no promise) when the statement that read the user joined
 * them, as every list of users and the user page do, else through the loader. graphql-js completes
 * a field whose resolver returns a plain value without a promise, and an object whose fields are
 * all plain without waiting on them together, which is most of the CPU of a list of users.
 */
function withStats<T>(u: UserRow, ctx: Context, f: (s: MaybeStats) => T): T | Promise<T> {
  return u.stats !== undefined ? f(u.stats) : ctx.loaders.userStats.load(u.id).then(f);
}

const countOf = (s: MaybeStats): number => s?.achievementCount ?? 0;
const pointsOf = (s: MaybeStats): number => Number(s?.points ?? 0);
const streakOf = (s: MaybeStats): Streak | null =>
  !s || s.streakDays === 0 || !s.streakStart || !s.streakEnd ? null : { days: s.streakDays, start: s.streakStart, end: s.streakEnd };

@Resolver(() => Stats)
export class StatisticsResolver {
  @Query(() => Stats, { description: "Who leads: most achievements, most points, the furthest and closest pairs, streaks." })
  stats(): Stats {
    return { id: "stats" };
  }

  @FieldResolver(() => UsersWithCount, {
    nullable: true,
    description: "The most achievements a user holds, and the users who hold that many; null when there is no award.",
  })
  mostAchievements(@Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.services.statistics.mostAchievements(ctx.read, requestedFirst(info, "users", 100, LIST_MAX));
  }

  @FieldResolver(() => UsersWithPoints, {
    nullable: true,
    description: "The most points a user has, and the users who have that many; null when there is no award.",
  })
  mostPoints(@Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.services.statistics.mostPoints(ctx.read, requestedFirst(info, "users", 100, LIST_MAX));
  }

  @FieldResolver(() => PointsGap, {
    nullable: true,
    description:
      "Largest minus smallest points among ranked users, with the pairs of a user at the largest and one at the smallest (every pair when all are equal); null with fewer than two ranked users.",
  })
  maxPointsDifference(@Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.services.statistics.maxPointsDifference(ctx.read, requestedFirst(info, "pairs", 100, LIST_MAX));
  }

  @FieldResolver(() => PointsGap, {
    nullable: true,
    description:
      "The smallest points difference between two distinct ranked users, with the pairs at exactly that difference; null with fewer than two ranked users.",
  })
  minPointsDifference(@Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.services.statistics.minPointsDifference(ctx.read, requestedFirst(info, "pairs", 100, LIST_MAX));
  }

  @FieldResolver(() => UserStreakConnection, { description: "Users whose longest streak is at least `days` consecutive calendar days." })
  streaks(
    @Arg("days", () => Int, {
      nullable: true,
      defaultValue: 7,
      description: "The least streak length in days: 1–3660; null or absent means 7.",
    })
    days: number | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: FIRST_DESCRIPTION }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: AFTER_DESCRIPTION }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.statistics.streaks(ctx.read, days, first, after);
  }
}

@Resolver(() => UsersWithCount)
export class UsersWithCountResolver {
  @FieldResolver(() => [User], { description: "The tied users, ordered by id, at most `first`." })
  users(
    @Root() r: UsersWithCount,
    @Arg("first", () => Int, { nullable: true, defaultValue: 100, description: LIST_FIRST_DESCRIPTION }) first: number | null,
    @Ctx() ctx: Context,
  ) {
    return loadUsers(ctx, r.userIds.slice(0, pageSize(first, 100, LIST_MAX)));
  }
}

@Resolver(() => UsersWithPoints)
export class UsersWithPointsResolver {
  @FieldResolver(() => [User], { description: "The tied users, ordered by id, at most `first`." })
  users(
    @Root() r: UsersWithPoints,
    @Arg("first", () => Int, { nullable: true, defaultValue: 100, description: LIST_FIRST_DESCRIPTION }) first: number | null,
    @Ctx() ctx: Context,
  ) {
    return loadUsers(ctx, r.userIds.slice(0, pageSize(first, 100, LIST_MAX)));
  }
}

@Resolver(() => PointsGap)
export class PointsGapResolver {
  @FieldResolver(() => [UserPair], { description: "The pairs, ordered by first.id then second.id, at most `first`." })
  async pairs(
    @Root() g: PointsGap,
    @Arg("first", () => Int, { nullable: true, defaultValue: 100, description: LIST_FIRST_DESCRIPTION }) first: number | null,
    @Ctx() ctx: Context,
  ) {
    const pairs = g.pairIds.slice(0, pageSize(first, 100, LIST_MAX));
    const users = await loadUsers(ctx, pairs.flat());
    return pairs.map((_, i) => ({ first: users[2 * i]!, second: users[2 * i + 1]! }));
  }
}

@Resolver(() => UserStreak)
export class UserStreakResolver {
  @FieldResolver(() => User, { description: "The user." })
  async user(@Root() r: StreakRow, @Ctx() ctx: Context) {
    return (await loadUsers(ctx, [r.userId]))[0];
  }

  @FieldResolver(() => Streak, { description: "The user's longest streak." })
  streak(@Root() r: StreakRow): Streak {
    return { days: r.days, start: r.start, end: r.end };
  }
}

@Resolver(() => User)
export class UserStatsResolver {
  @FieldResolver(() => Int, { description: "Number of achievements awarded to the user." })
  achievementCount(@Root() u: UserRow, @Ctx() ctx: Context): number | Promise<number> {
    return withStats(u, ctx, countOf);
  }

  @FieldResolver(() => Int, { description: "Sum of the points of the achievements awarded to the user." })
  points(@Root() u: UserRow, @Ctx() ctx: Context): number | Promise<number> {
    return withStats(u, ctx, pointsOf);
  }

  @FieldResolver(() => Streak, {
    nullable: true,
    description: "Longest run of consecutive calendar days (user's time zone) with at least one award; null when the user has none.",
  })
  longestStreak(@Root() u: UserRow, @Ctx() ctx: Context): Streak | null | Promise<Streak | null> {
    return withStats(u, ctx, streakOf);
  }
}
