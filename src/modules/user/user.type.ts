import { Field, Int, ObjectType } from "type-graphql";
import { IdScalar as ID } from "../../graphql/scalars";
import { Language } from "../../common/language";
import { DateScalar } from "../../graphql/scalars";
import { PageInfo } from "../../graphql/pagination";

@ObjectType({ description: "A person who earns achievements." })
export class User {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => Language, { description: "Awards are shown to this user in this language." })
  language!: Language;

  @Field({ description: "IANA time zone; calendar days for streaks are counted in it. Default UTC." })
  timeZone!: string;

  @Field()
  createdAt!: Date;
}

@ObjectType({ description: "A run of consecutive calendar days, each with at least one award." })
export class Streak {
  @Field(() => Int)
  days!: number;

  @Field(() => DateScalar)
  start!: string;

  @Field(() => DateScalar)
  end!: string;
}

@ObjectType()
export class UserEdge {
  @Field()
  cursor!: string;

  @Field(() => User)
  node!: User;
}

@ObjectType()
export class UserConnection {
  @Field(() => [UserEdge])
  edges!: UserEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
