import { Ctx, Field, ObjectType, Query, Resolver, registerEnumType } from "type-graphql";
import type { Context } from "./context";
import type { ApiKey as ApiKeyValue } from "../auth/api-keys";

/** The scopes of api-contract.md, as GraphQL enum values (`award` is AWARD). */
export enum ApiKeyScope {
  AWARD = "award",
  ADMIN = "admin",
}

registerEnumType(ApiKeyScope, {
  name: "ApiKeyScope",
  description: "What a key may do",
  valuesConfig: {
    AWARD: { description: "createUser, updateUser and awarding achievements: what a game server needs" },
    ADMIN: { description: "Every mutation" },
  },
});

@ObjectType({ description: "The API key a request carries: its name and scope, never its secret." })
export class ApiKey {
  @Field({ description: "The key's name (a bare secret in API_KEYS is named key1, key2, … by position; a generated key `generated`)." })
  name!: string;

  @Field(() => ApiKeyScope, { description: "What the key may do: AWARD (users and awards) or ADMIN (every mutation)." })
  scope!: ApiKeyScope;
}

@Resolver()
export class ApiKeyResolver {
  @Query(() => ApiKey, {
    nullable: true,
    description: "The key of this request's Authorization header; null without a valid key. Lets a client show what its key may do.",
  })
  apiKey(@Ctx() ctx: Context): ApiKeyValue | null {
    return ctx.apiKey ?? null;
  }
}
