import { ArgsType, Field, InputType, Int } from "type-graphql";
import { Language } from "../../common/language";
import { AFTER_DESCRIPTION, FIRST_DESCRIPTION } from "../../graphql/pagination";
import { IsCleanText, IsTimeZone } from "../../graphql/validation";

@InputType({ description: "A new user." })
export class CreateUserInput {
  @Field({ description: "1–64 characters after trimming; unique ignoring case." })
  @IsCleanText(1, 64)
  name!: string;

  @Field(() => Language, { description: "The language the user's awards are shown in." })
  language!: Language;

  @Field(() => String, {
    nullable: true,
    description: "IANA time zone name such as Europe/Moscow (not an offset); default UTC. Returned in Intl's canonical spelling.",
  })
  @IsTimeZone()
  timeZone?: string | null;
}

@InputType({ description: "Changes to a user: a field left out or null stays as it is." })
export class UpdateUserInput {
  @Field(() => String, { nullable: true, description: "1–64 characters after trimming; unique ignoring case." })
  @IsCleanText(1, 64)
  name?: string | null;

  @Field(() => Language, { nullable: true, description: "The language the user's awards are shown in." })
  language?: Language | null;

  @Field(() => String, {
    nullable: true,
    description: "IANA time zone name such as Europe/Moscow; streaks are counted again in it at once.",
  })
  @IsTimeZone()
  timeZone?: string | null;
}

@ArgsType()
export class UsersArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: FIRST_DESCRIPTION })
  first?: number | null;

  @Field(() => String, { nullable: true, description: AFTER_DESCRIPTION })
  after?: string | null;

  @Field(() => String, { nullable: true, description: "Keeps users whose name contains it, ignoring case; a literal substring." })
  search?: string | null;
}
