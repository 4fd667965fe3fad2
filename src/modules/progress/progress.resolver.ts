import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context";
import { AFTER_DESCRIPTION, FIRST_DESCRIPTION } from "../../graphql/pagination";
import { Achievement } from "../achievement/achievement.type";
import { Award } from "../award/award.type";
import { User } from "../user/user.type";
import type { UserRow } from "../user/user.repository";
import { ReportProgressInput } from "./progress.inputs";
import type { ProgressResultView, ProgressView } from "./progress.service";
import { userProgressPage } from "./progress.service";
import { AchievementProgress, AchievementProgressConnection, ProgressResult } from "./progress.type";

@Resolver(() => AchievementProgress)
export class ProgressResolver {
  @Mutation(() => ProgressResult, {
    description:
      "Reports steps towards an incremental achievement: adds `increment` or raises to `atLeast`, never above the target. The report that reaches the target creates the award. Idempotent per user with `requestId`.",
  })
  async reportProgress(
    @Arg("input", { description: "Who made how many steps towards what, and when." }) input: ReportProgressInput,
    @Ctx() ctx: Context,
  ): Promise<ProgressResultView> {
    return ctx.services.progress.report(input, ctx.write);
  }

  @FieldResolver(() => User, { description: "The user." })
  async user(@Root() p: ProgressView, @Ctx() ctx: Context) {
    const user = await ctx.loaders.user.load(p.userId);
    if (!user) throw new Error(`progress names a missing user ${p.userId}`);
    return user;
  }

  @FieldResolver(() => Achievement, { description: "The achievement (as the reader may see it: a hidden one's texts need an admin key)." })
  async achievement(@Root() p: ProgressView, @Ctx() ctx: Context) {
    const achievement = await ctx.loaders.achievement.load(p.achievementId);
    if (!achievement) throw new Error(`progress names a missing achievement ${p.achievementId}`);
    return achievement;
  }

  @FieldResolver(() => Award, { nullable: true, description: "The award, once current has reached target (and the user holds it)." })
  async award(@Root() p: ProgressView, @Ctx() ctx: Context) {
    if (p.award !== undefined) return p.award;
    if (p.current < p.target) return null;
    return (await ctx.loaders.heldAward.load({ userId: p.userId, achievementId: p.achievementId })) ?? null;
  }
}

@Resolver(() => User)
export class UserProgressResolver {
  @FieldResolver(() => AchievementProgressConnection, {
    description: "Incremental achievements the user has started but not completed, most recently advanced first.",
  })
  async progress(
    @Root() user: UserRow,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: FIRST_DESCRIPTION }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: AFTER_DESCRIPTION }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    ctx.loaders.user.prime(user.id, user);
    const page = await userProgressPage(ctx.loaders, user.id, first, after);
    return { ...page, edges: page.edges.map((e) => ({ ...e, node: toView(e.node) })) };
  }
}

function toView(r: {
  userId: string;
  achievementId: string;
  current: number;
  updatedAt: Date;
  achievement: { steps: number | null };
}): ProgressView {
  return {
    userId: r.userId,
    achievementId: r.achievementId,
    current: r.current,
    target: r.achievement.steps ?? r.current,
    updatedAt: r.updatedAt,
    award: null,
  };
}
