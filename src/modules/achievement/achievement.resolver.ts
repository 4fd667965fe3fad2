import { Arg, Args, Ctx, FieldResolver, Float, Mutation, Query, Resolver, Root } from "type-graphql";
import { IdScalar as ID } from "../../graphql/scalars";
import { Language, pickTranslation } from "../../common/language";
import { concealTranslations } from "../../common/hidden";
import { seesHiddenTexts } from "../../graphql/context";
import type { Context } from "../../graphql/context";
import { AchievementsArgs, CreateAchievementInput, UpdateAchievementInput } from "./achievement.inputs";
import type { AchievementRow, TranslationRow } from "./achievement.repository";
import { Achievement, AchievementConnection, AchievementTranslation } from "./achievement.type";

const LANGUAGE_ARG = "The language wanted; null or absent means EN.";

@Resolver(() => Achievement)
export class AchievementResolver {
  @Query(() => Achievement, { nullable: true, description: "The achievement with this id; null when there is none." })
  async achievement(
    @Arg("id", () => ID, { description: "The achievement's id." }) id: string,
    @Ctx() ctx: Context,
  ): Promise<AchievementRow | undefined> {
    return ctx.services.achievements.byId(id, ctx.read);
  }

  @Query(() => AchievementConnection, { description: "All available achievements ordered by id." })
  async achievements(@Args() args: AchievementsArgs, @Ctx() ctx: Context) {
    const page = await ctx.services.achievements.list(args, ctx.read);
    for (const e of page.edges) ctx.loaders.achievement.prime(e.node.id, e.node);
    return page;
  }

  @Mutation(() => Achievement, {
    description: "Creates an achievement. CONFLICT when one of its names is taken in that language (ignoring case).",
  })
  async createAchievement(
    @Arg("input", { description: "The new achievement." }) input: CreateAchievementInput,
    @Ctx() ctx: Context,
  ): Promise<AchievementRow> {
    return ctx.services.achievements.create(input, ctx.write);
  }

  @Mutation(() => Achievement, {
    description:
      "Changes whether an achievement is hidden and adds or replaces its translations; points and steps never change. Admin keys only. NOT_FOUND when there is no such achievement; CONFLICT when a name is taken in its language.",
  })
  async updateAchievement(
    @Arg("id", () => ID, { description: "The achievement to change." }) id: string,
    @Arg("input", { description: "The changes." }) input: UpdateAchievementInput,
    @Ctx() ctx: Context,
  ): Promise<AchievementRow> {
    const row = await ctx.services.achievements.update(id, input, ctx.write);
    ctx.loaders.achievement.clear(row.id).prime(row.id, row);
    ctx.loaders.translations.clear(row.id);
    return row;
  }

  @FieldResolver(() => String, { description: "Name in the requested language (default EN), falling back to the other language." })
  async name(
    @Root() a: AchievementRow,
    @Arg("language", () => Language, { nullable: true, description: LANGUAGE_ARG }) language: Language | null,
    @Ctx() ctx: Context,
  ): Promise<string> {
    return pickTranslation(await this.texts(a, ctx), language ?? Language.EN).name;
  }

  @FieldResolver(() => String, { description: "Description in the requested language (default EN), falling back to the other language." })
  async description(
    @Root() a: AchievementRow,
    @Arg("language", () => Language, { nullable: true, description: LANGUAGE_ARG }) language: Language | null,
    @Ctx() ctx: Context,
  ): Promise<string> {
    return pickTranslation(await this.texts(a, ctx), language ?? Language.EN).description;
  }

  @FieldResolver(() => [AchievementTranslation], { description: "Its name and description in each language it has: one or two." })
  async translations(@Root() a: AchievementRow, @Ctx() ctx: Context): Promise<TranslationRow[]> {
    return this.texts(a, ctx);
  }

  @FieldResolver(() => Float, {
    description: "The holderCount as a percentage of all users (0-100), unrounded; 0 when there are no users.",
  })
  async holderPercent(@Root() a: AchievementRow, @Ctx() ctx: Context): Promise<number> {
    const users = await ctx.loaders.userTotal.load(true);
    return users === 0 ? 0 : Math.min(100, (100 * a.holderCount) / users);
  }

  /** The texts as this reader may see them: a hidden achievement's are placeholders without an admin key. */
  private async texts(a: AchievementRow, ctx: Context): Promise<TranslationRow[]> {
    const translations = await ctx.loaders.translations.load(a.id);
    return a.hidden && !seesHiddenTexts(ctx) ? concealTranslations(translations) : translations;
  }
}
