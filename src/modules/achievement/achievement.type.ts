import { Field, Int, ObjectType } from "type-graphql";
import { IdScalar as ID } from "../../graphql/scalars";
import { Language } from "../../common/language";
import { ConnectionType } from "../../graphql/pagination";

@ObjectType({ description: "An achievement's name and description in one language." })
export class AchievementTranslation {
  @Field(() => Language, { description: "The language of name and description." })
  language!: Language;

  @Field({ description: "1–100 characters; unique in its language ignoring case." })
  name!: string;

  @Field({ description: "1–500 characters." })
  description!: string;
}

@ObjectType({ description: "Something a user can earn once, worth points, named in Russian and/or English." })
export class Achievement {
  @Field(() => ID, { description: "Assigned by the service: a positive integer below 2^63, as a string." })
  id!: string;

  @Field(() => Int, { description: "Points it is worth to the user who holds it: 1–100000." })
  points!: number;

  @Field({ description: "When the achievement was created (the server's clock)." })
  createdAt!: Date;

  @Field(() => Int, { description: "Number of users holding this achievement." })
  holderCount!: number;

  @Field({ description: "Secret until earned: without an admin key its name, description and translations read as a placeholder." })
  hidden!: boolean;

  @Field(() => Int, {
    nullable: true,
    description: "Steps that complete an incremental achievement (2-10000); null for one awarded at once.",
  })
  steps!: number | null;
}

@ObjectType({ description: "A page of achievements in id order." })
export class AchievementConnection extends ConnectionType(Achievement, "an achievement") {}
