import { ArgsType, Field, InputType, Int } from "type-graphql";
import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, Max, Min, ValidateNested } from "class-validator";
import { Language } from "../../common/language";
import { AFTER_DESCRIPTION, FIRST_DESCRIPTION } from "../../graphql/pagination";
import { IsCleanText } from "../../graphql/validation";

@InputType({ description: "An achievement's name and description in one language." })
export class TranslationInput {
  @Field(() => Language, { description: "The language of name and description." })
  language!: Language;

  @Field({ description: "1–100 characters after trimming; unique per language ignoring case." })
  @IsCleanText(1, 100)
  name!: string;

  @Field({ description: "1–500 characters after trimming." })
  @IsCleanText(1, 500)
  description!: string;
}

@InputType({ description: "A new achievement." })
export class CreateAchievementInput {
  @Field(() => Int, { description: "An integer from 1 to 100000." })
  @IsInt({ message: "points must be an integer from 1 to 100000" })
  @Min(1, { message: "points must be an integer from 1 to 100000" })
  @Max(100000, { message: "points must be an integer from 1 to 100000" })
  points!: number;

  @Field(() => [TranslationInput], { description: "One or two, at most one per language." })
  @ArrayMinSize(1, { message: "translations must hold one or two translations" })
  @ArrayMaxSize(2, { message: "translations must hold one or two translations" })
  @ValidateNested()
  translations!: TranslationInput[];

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: "Secret until earned: without an admin key its texts read as a placeholder. Default false.",
  })
  hidden?: boolean | null;

  @Field(() => Int, {
    nullable: true,
    description: "2-10000 for an incremental achievement (earned by reportProgress); null or absent for one awarded at once.",
  })
  @IsOptional()
  @IsInt({ message: "steps must be an integer from 2 to 10000, or null" })
  @Min(2, { message: "steps must be an integer from 2 to 10000, or null" })
  @Max(10000, { message: "steps must be an integer from 2 to 10000, or null" })
  steps?: number | null;
}

@InputType({ description: "Changes to an achievement: a field left out or null stays as it is. Points and steps never change." })
export class UpdateAchievementInput {
  @Field(() => Boolean, { nullable: true, description: "Secret until earned (true) or shown to everyone (false)." })
  hidden?: boolean | null;

  @Field(() => [TranslationInput], {
    nullable: true,
    description: "Adds or replaces the translation of each language given; languages not given are kept. At most one per language.",
  })
  @IsOptional()
  @ArrayMaxSize(2, { message: "translations must hold at most one translation per language" })
  @ValidateNested()
  translations?: TranslationInput[] | null;
}

@ArgsType()
export class AchievementsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: FIRST_DESCRIPTION })
  first?: number | null;

  @Field(() => String, { nullable: true, description: AFTER_DESCRIPTION })
  after?: string | null;
}
