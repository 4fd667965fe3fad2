import { ArgsType, Field, InputType, Int } from "type-graphql";
import { ArrayMaxSize, ArrayMinSize, IsInt, Max, Min, ValidateNested } from "class-validator";
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
}

@ArgsType()
export class AchievementsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: FIRST_DESCRIPTION })
  first?: number | null;

  @Field(() => String, { nullable: true, description: AFTER_DESCRIPTION })
  after?: string | null;
}
