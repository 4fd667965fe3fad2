import { Field, Int, ObjectType } from "type-graphql";
import { IdScalar as ID } from "../../graphql/scalars";
import { Language } from "../../common/language";
import { PageInfo } from "../../graphql/pagination";

@ObjectType()
export class AchievementTranslation {
  @Field(() => Language)
  language!: Language;

  @Field()
  name!: string;

  @Field()
  description!: string;
}

@ObjectType({ description: "Something a user can earn once, worth points, named in Russian and/or English." })
export class Achievement {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  points!: number;

  @Field()
  createdAt!: Date;

  @Field(() => Int, { description: "Number of users holding this achievement." })
  holderCount!: number;
}

@ObjectType()
export class AchievementEdge {
  @Field()
  cursor!: string;

  @Field(() => Achievement)
  node!: Achievement;
}

@ObjectType()
export class AchievementConnection {
  @Field(() => [AchievementEdge])
  edges!: AchievementEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
