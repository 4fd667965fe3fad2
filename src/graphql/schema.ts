import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchemaSync } from "type-graphql";
import { ApiKeyResolver } from "./api-key.resolver";
import { AchievementResolver } from "../modules/achievement/achievement.resolver";
import { AwardResolver } from "../modules/award/award.resolver";
import {
  PointsGapResolver,
  StatisticsResolver,
  UserStatsResolver,
  UserStreakResolver,
  UsersWithCountResolver,
  UsersWithPointsResolver,
} from "../modules/statistics/statistics.resolver";
import { ProgressResolver, UserProgressResolver } from "../modules/progress/progress.resolver";
import { LeaderboardEntryResolver, LeaderboardResolver, UserRankResolver } from "../modules/leaderboard/leaderboard.resolver";
import { UserResolver } from "../modules/user/user.resolver";
import { EventResolver } from "../modules/event/event.resolver";
import { WebhookResolver } from "../modules/webhook/webhook.resolver";
import { DateTimeScalar } from "./scalars";
import { validateArgument } from "./validation";

export const resolvers = [
  UserResolver,
  AchievementResolver,
  AwardResolver,
  StatisticsResolver,
  UsersWithCountResolver,
  UsersWithPointsResolver,
  PointsGapResolver,
  UserStreakResolver,
  UserStatsResolver,
  ProgressResolver,
  UserProgressResolver,
  LeaderboardResolver,
  LeaderboardEntryResolver,
  UserRankResolver,
  ApiKeyResolver,
  EventResolver,
  WebhookResolver,
] as const;

let cached: GraphQLSchema | undefined;

/** Subscriptions by topic are not used: asking for one is a programming error, said loudly. */
const topicsUnsupported = {
  publish(): never {
    throw new Error("subscriptions by topic are not used: subscribe through the event hub");
  },
  subscribe(): never {
    throw new Error("subscriptions by topic are not used: subscribe through the event hub");
  },
};

/** The one schema factory: the server, the tests and `npm run schema:emit` all use it. */
export function createSchema(): GraphQLSchema {
  if (!cached) {
    cached = buildSchemaSync({
      resolvers: [...resolvers],
      scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
      validateFn: validateArgument,
      // type-graphql wants a PubSub as soon as the schema has a subscription, even when, as here,
      // every subscription brings its own `subscribe` (the event hub, src/modules/event/).
      pubSub: topicsUnsupported,
    });
    // type-graphql has no decorator for the root types: their descriptions are set here.
    cached.getQueryType()!.description = "Reads. Public: no key needed.";
    cached.getMutationType()!.description =
      "Writes. Each needs an API key (`Authorization: Bearer <key>`); without a valid one, UNAUTHENTICATED and nothing is written.";
    cached.getSubscriptionType()!.description =
      'Live events over graphql-transport-ws at /graphql. Public; a connection_init payload {authorization: "Bearer <key>"} counts as the header.';
  }
  return cached;
}
