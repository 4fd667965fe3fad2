import { Arg, Ctx, FieldResolver, Resolver, Root, Subscription } from "type-graphql";
import type { SubscribeResolverData } from "type-graphql";
import { parseId } from "../../common/ids";
import { createLoaders } from "../../graphql/context";
import type { Context } from "../../graphql/context";
import { IdScalar as ID } from "../../graphql/scalars";
import { Award } from "../award/award.type";
import { AchievementProgress } from "../progress/progress.type";
import type { ProgressRoot } from "../progress/progress.type";
import type { EventRow } from "./event.repository";
import { AwardEvent } from "./event.type";

/** The root an Award resolves from, built from the event's snapshot (the award as committed). */
export interface EventAwardRoot {
  id: string;
  userId: string;
  achievementId: string;
  awardedAt: Date;
  awardedAtKey: string;
  revokedAt: Date | null;
  revocationReason: string | null;
  revokedBy: string | null;
}

@Resolver(() => AwardEvent)
export class EventResolver {
  @Subscription(() => AwardEvent, {
    description:
      "Events committed after the subscription started, for one user or for all, each once, in id order (graphql-transport-ws at /graphql). Public; hidden achievements read as placeholders without an admin key.",
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { userId?: string | null }, Context>) => {
      const userId = args.userId === undefined || args.userId === null ? null : parseId(args.userId, "userId");
      return freshLoadersPerEvent(await context.services.events.subscribe(userId), context);
    },
  })
  awardEvents(
    @Root() event: EventRow,
    @Arg("userId", () => ID, { nullable: true, description: "Only this user's events; all users' when null." }) _userId?: string,
  ): EventRow {
    return event;
  }

  @FieldResolver(() => Award, { nullable: true, description: "The award (AWARDED, REVOKED), as it was when the event was committed." })
  award(@Root() e: EventRow): EventAwardRoot | null {
    if (!e.award) return null;
    return {
      id: e.award.id,
      userId: e.userId,
      achievementId: e.achievementId,
      awardedAt: e.award.awardedAt,
      awardedAtKey: e.award.awardedAt.toISOString(),
      revokedAt: e.award.revokedAt,
      revocationReason: e.award.revocationReason,
      revokedBy: e.award.revokedBy,
    };
  }

  @FieldResolver(() => AchievementProgress, { nullable: true, description: "The progress after the change (PROGRESSED)." })
  progress(@Root() e: EventRow, @Ctx() _ctx: Context): ProgressRoot | null {
    if (!e.progress) return null;
    return { userId: e.userId, achievementId: e.achievementId, ...e.progress };
  }
}

/**
 * A subscription lives long: each event is resolved with fresh loaders (a user's language or an
 * achievement's texts may have changed since the previous one), never a cache as old as the socket.
 * A plain iterator, not an async generator: a generator waiting for the next event would queue
 * `return()` behind that wait, and a closed subscription would stay registered until an event came.
 */
function freshLoadersPerEvent(source: AsyncIterableIterator<EventRow>, ctx: Context): AsyncIterableIterator<EventRow> {
  const it: AsyncIterableIterator<EventRow> = {
    async next() {
      const r = await source.next();
      if (!r.done) ctx.loaders = createLoaders(ctx.read);
      return r;
    },
    async return() {
      return source.return ? source.return() : { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}
