import { ArgsType, Field, InputType, Int } from "type-graphql";
import { Language } from "../../common/language";
import { IsCleanText, IsTimeZone } from "../../graphql/validation";

@InputType()
export class CreateUserInput {
  @Field({ description: "1–64 characters after trimming; unique ignoring case." })
  @IsCleanText(1, 64)
  name!: string;

  @Field(() => Language)
  language!: Language;

  @Field(() => String, { nullable: true, description: "IANA time zone name; default UTC." })
  @IsTimeZone()
  timeZone?: string | null;
}

@InputType()
export class UpdateUserInput {
  @Field(() => String, { nullable: true })
  @IsCleanText(1, 64)
  name?: string | null;

  @Field(() => Language, { nullable: true })
  language?: Language | null;

  @Field(() => String, { nullable: true })
  @IsTimeZone()
  timeZone?: string | null;
}

@ArgsType()
export class UsersArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20 })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => String, { nullable: true, description: "Keeps users whose name contains it, ignoring case; a literal substring." })
  search?: string | null;
}
