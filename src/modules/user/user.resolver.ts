import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { CONNECTION_MAX, isPageSize } from "../../common/pagination";
import { soleChildArguments } from "../../graphql/lookahead";
import { IdScalar as ID } from "../../graphql/scalars";
import type { Context } from "../../graphql/context";
import { AFTER_DESCRIPTION, FIRST_DESCRIPTION } from "../../graphql/pagination";
import { userAwardsPage, userRevokedAwardsPage, userWithFirstAwardsPage } from "../award/award.service";
import { AwardConnection } from "../award/award.type";
import { CreateUserInput, UpdateUserInput, UsersArgs } from "./user.inputs";
import type { UserRow } from "./user.repository";
import { User, UserConnection } from "./user.type";

/**
 * The page size when the client asks for the first page of `awards` one way only (no `after`, a
 * valid or absent `first`); undefined otherwise, and the `awards` field then reads its page
 * itself (and reports a bad `first` there).
 */
function firstAwardsPageAsked(info: GraphQLResolveInfo): number | undefined {
  const args = soleChildArguments(info, "awards");
  if (!args || (args.after !== undefined && args.after !== null)) return undefined;
  const first = args.first;
  if (first === undefined || first === null) return 20;
  return isPageSize(first, CONNECTION_MAX) ? first : undefined;
}

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: "The user with this id; null when there is none." })
  async user(
    @Arg("id", () => ID, { description: "The user's id." }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<UserRow | undefined> {
    // A user's page (the user and the first page of their awards) is one statement.
    const first = firstAwardsPageAsked(info);
    if (first !== undefined) return userWithFirstAwardsPage(ctx.read, ctx.loaders, id, first);
    return ctx.services.users.byId(id, ctx.read);
  }

  @Query(() => User, { nullable: true, description: "The user with this name, ignoring case; null when there is none." })
  async userByName(
    @Arg("name", { description: "A name, compared after trimming and ignoring case." }) name: string,
    @Ctx() ctx: Context,
  ): Promise<UserRow | undefined> {
    return ctx.services.users.byName(name, ctx.read);
  }

  @Query(() => UserConnection, {
    description: "All users ordered by id; `search` keeps those whose name contains it, case-insensitively.",
  })
  async users(@Args() args: UsersArgs, @Ctx() ctx: Context) {
    const page = await ctx.services.users.list(args, ctx.read);
    for (const e of page.edges) ctx.loaders.user.prime(e.node.id, e.node);
    return page;
  }

  @Mutation(() => User, { description: "Creates a user. CONFLICT when the name is taken (ignoring case)." })
  async createUser(@Arg("input", { description: "The new user." }) input: CreateUserInput, @Ctx() ctx: Context): Promise<UserRow> {
    return ctx.services.users.create(input, ctx.write);
  }

  @Mutation(() => User, {
    description: "Changes a user's name, language or time zone. NOT_FOUND when there is no such user; CONFLICT when the name is taken.",
  })
  async updateUser(
    @Arg("id", () => ID, { description: "The user to change." }) id: string,
    @Arg("input", { description: "The changes." }) input: UpdateUserInput,
    @Ctx() ctx: Context,
  ): Promise<UserRow> {
    const user = await ctx.services.users.update(id, input, ctx.write);
    ctx.loaders.user.clear(user.id).prime(user.id, user);
    return user;
  }

  @FieldResolver(() => AwardConnection, {
    description: "Awards of this user, newest first; name and description are in the user's language.",
  })
  async awards(
    @Root() user: UserRow,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: FIRST_DESCRIPTION }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: AFTER_DESCRIPTION }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    ctx.loaders.user.prime(user.id, user);
    return userAwardsPage(ctx.loaders, user.id, first, after);
  }

  @FieldResolver(() => AwardConnection, {
    description:
      "The user's revoked awards, most recently revoked first (`awards` lists only those held); name and description are in the user's language.",
  })
  async revokedAwards(
    @Root() user: UserRow,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: FIRST_DESCRIPTION }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: AFTER_DESCRIPTION }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    ctx.loaders.user.prime(user.id, user);
    return userRevokedAwardsPage(ctx.loaders, user.id, first, after);
  }
}
