import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context";
import { Achievement } from "../achievement/achievement.type";
import { User } from "../user/user.type";
import { AchievementProgress } from "./progress.type";
import type { ProgressRoot } from "./progress.type";

@Resolver(() => AchievementProgress)
export class ProgressResolver {
  @FieldResolver(() => User, { description: "Whose progress it is." })
  async user(@Root() p: ProgressRoot, @Ctx() ctx: Context) {
    const user = await ctx.loaders.user.load(p.userId);
    if (!user) throw new Error(`progress names a missing user ${p.userId}`);
    return user;
  }

  @FieldResolver(() => Achievement, { description: "The incremental achievement." })
  async achievement(@Root() p: ProgressRoot, @Ctx() ctx: Context) {
    const achievement = await ctx.loaders.achievement.load(p.achievementId);
    if (!achievement) throw new Error(`progress names a missing achievement ${p.achievementId}`);
    return achievement;
  }
}
