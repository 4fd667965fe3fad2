import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { IdScalar as ID } from "../../graphql/scalars";
import { Language, pickTranslation } from "../../common/language";
import type { Context } from "../../graphql/context";
import { AchievementsArgs, CreateAchievementInput } from "./achievement.inputs";
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

  @FieldResolver(() => String, { description: "Name in the requested language (default EN), falling back to the other language." })
  async name(
    @Root() a: AchievementRow,
    @Arg("language", () => Language, { nullable: true, description: LANGUAGE_ARG }) language: Language | null,
    @Ctx() ctx: Context,
  ): Promise<string> {
    return pickTranslation(await ctx.loaders.translations.load(a.id), language ?? Language.EN).name;
  }

  @FieldResolver(() => String, { description: "Description in the requested language (default EN), falling back to the other language." })
  async description(
    @Root() a: AchievementRow,
    @Arg("language", () => Language, { nullable: true, description: LANGUAGE_ARG }) language: Language | null,
    @Ctx() ctx: Context,
  ): Promise<string> {
    return pickTranslation(await ctx.loaders.translations.load(a.id), language ?? Language.EN).description;
  }

  @FieldResolver(() => [AchievementTranslation], { description: "Its name and description in each language it has: one or two." })
  async translations(@Root() a: AchievementRow, @Ctx() ctx: Context): Promise<TranslationRow[]> {
    return ctx.loaders.translations.load(a.id);
  }
}
