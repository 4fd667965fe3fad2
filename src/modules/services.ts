import { AchievementService } from "./achievement/achievement.service";
import type { EventHub } from "./event/event.hub";
import type { WebhookService } from "./webhook/webhook.service";
import { AwardService } from "./award/award.service";
import { ProgressService } from "./progress/progress.service";
import { LeaderboardService } from "./leaderboard/leaderboard.service";
import { StatisticsService } from "./statistics/statistics.service";
import { UserService } from "./user/user.service";

/**
 * The services, built once per app. They hold no database: every call takes the request's read
 * or write handle (the primary, a replica, or a multi-mutation request's transaction).
 */
export function createServices(clock: (() => number) | undefined, events: { events: EventHub; webhooks: WebhookService }) {
  return {
    ...events,
    users: new UserService(),
    achievements: new AchievementService(),
    awards: new AwardService(clock ?? Date.now),
    progress: new ProgressService(clock ?? Date.now),
    statistics: new StatisticsService(),
    leaderboards: new LeaderboardService(clock),
  };
}

export type Services = ReturnType<typeof createServices>;
