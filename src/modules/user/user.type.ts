import { Field, Int, ObjectType } from "type-graphql";
import { IdScalar as ID } from "../../graphql/scalars";
import { Language } from "../../common/language";
import { DateScalar } from "../../graphql/scalars";
import { ConnectionType } from "../../graphql/pagination";

@ObjectType({ description: "A person who earns achievements." })
export class User {
  @Field(() => ID, { description: "Assigned by the service: a positive integer below 2^63, as a string." })
  id!: string;

  @Field({ description: "1–64 characters, trimmed; unique ignoring case in every script." })
  name!: string;

  @Field(() => Language, { description: "Awards are shown to this user in this language." })
  language!: Language;

  @Field({ description: "IANA time zone; calendar days for streaks are counted in it. Default UTC." })
  timeZone!: string;

  @Field({ description: "When the user was created (the server's clock)." })
  createdAt!: Date;
}

@ObjectType({ description: "A run of consecutive calendar days, each with at least one award." })
export class Streak {
  @Field(() => Int, { description: "Number of days in the run, start and end included." })
  days!: number;

  @Field(() => DateScalar, { description: "First day of the run, a date in the user's time zone." })
  start!: string;

  @Field(() => DateScalar, { description: "Last day of the run, a date in the user's time zone." })
  end!: string;
}

@ObjectType({ description: "A page of users in id order." })
export class UserConnection extends ConnectionType(User, "a user") {}
