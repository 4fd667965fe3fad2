import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from "type-graphql";
import { Language, pickTranslation } from "../../common/language";
import type { TranslationRow } from "../achievement/achievement.repository";
import { Achievement } from "../achievement/achievement.type";
import type { Context } from "../../graphql/context";
import { User } from "../user/user.type";
import { ForbiddenError } from "../../common/errors";
import { AwardAchievementInput, RevokeAwardInput } from "./award.inputs";
import type { AwardRow } from "./award.repository";
import { Award, AwardResult, BatchAwardItem, RevokeResult } from "./award.type";

@Resolver(() => Award)
export class AwardResolver {
  @Mutation(() => AwardResult, {
    description:
      "Awards an achievement to a user, once: awarding it again answers created false with the award unchanged. NOT_FOUND when the user or achievement does not exist.",
  })
  async awardAchievement(@Arg("input", { description: "Who earned what, and when." }) input: AwardAchievementInput, @Ctx() ctx: Context) {
    return ctx.services.awards.award(input, ctx.write);
  }

  @Mutation(() => [BatchAwardItem], {
    description:
      "Awards 1-1000 achievements, each item applied on its own as awardAchievement would apply it; results in input order. An item that fails writes nothing and answers its error; the first of items naming the same user and achievement creates the award, later ones answer created false.",
  })
  async awardAchievements(
    @Arg("inputs", () => [AwardAchievementInput], { description: "1-1000 awards." }) inputs: AwardAchievementInput[],
    @Ctx() ctx: Context,
  ) {
    return ctx.services.awards.awardBatch(inputs, ctx.write);
  }

  @Mutation(() => RevokeResult, {
    description:
      "Takes an award back, with a reason: it leaves User.awards and every statistic and appears in User.revokedAwards. revoked false when the user did not hold it; NOT_FOUND when the user or achievement does not exist.",
  })
  async revokeAward(@Arg("input", { description: "Whose award, which one, and why." }) input: RevokeAwardInput, @Ctx() ctx: Context) {
    if (!ctx.apiKey) throw new ForbiddenError("revokeAward needs an admin key");
    return ctx.services.awards.revoke(input, ctx.apiKey.name, ctx.write);
  }

  @FieldResolver(() => User, { description: "The user who holds it (or held it, for a revoked award)." })
  async user(@Root() a: AwardRow, @Ctx() ctx: Context) {
    return this.userOf(a, ctx);
  }

  @FieldResolver(() => Achievement, { description: "The achievement awarded." })
  async achievement(@Root() a: AwardRow, @Ctx() ctx: Context) {
    const achievement = await ctx.loaders.achievement.load(a.achievementId);
    if (!achievement) throw new Error(`award ${a.id} names a missing achievement`);
    return achievement;
  }

  @FieldResolver(() => Language, {
    description: "Language that name and description below are given in: the user's language, or the fallback.",
  })
  async language(@Root() a: AwardRow, @Ctx() ctx: Context): Promise<Language> {
    return (await this.translation(a, ctx)).language;
  }

  @FieldResolver(() => String, { description: "The achievement's name, in `language`." })
  async name(@Root() a: AwardRow, @Ctx() ctx: Context): Promise<string> {
    return (await this.translation(a, ctx)).name;
  }

  @FieldResolver(() => String, { description: "The achievement's description, in `language`." })
  async description(@Root() a: AwardRow, @Ctx() ctx: Context): Promise<string> {
    return (await this.translation(a, ctx)).description;
  }

  @FieldResolver(() => Int, { description: "The achievement's points." })
  async points(@Root() a: AwardRow, @Ctx() ctx: Context): Promise<number> {
    return (await this.achievement(a, ctx)).points;
  }

  private async userOf(a: AwardRow, ctx: Context) {
    const user = await ctx.loaders.user.load(a.userId);
    if (!user) throw new Error(`award ${a.id} names a missing user`);
    return user;
  }

  /** The achievement's text in the awarded user's current language, else the other one. */
  private async translation(a: AwardRow, ctx: Context): Promise<TranslationRow> {
    const [user, translations] = await Promise.all([this.userOf(a, ctx), ctx.loaders.translations.load(a.achievementId)]);
    return pickTranslation(translations, user.language);
  }
}
