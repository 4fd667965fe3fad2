import { AchievementService } from "./achievement/achievement.service";
import { AwardService } from "./award/award.service";
import { ProgressService } from "./progress/progress.service";
import { LeaderboardService } from "./leaderboard/leaderboard.service";
import { StatisticsService } from "./statistics/statistics.service";
import { UserService } from "./user/user.service";

/**
 * The services, built once per app. They hold no database: every call takes the request's read
 * or write handle (the primary, a replica, or a multi-mutation request's transaction).
 */
export function createServices(clock: () => number = Date.now) {
  return {
    users: new UserService(),
    achievements: new AchievementService(),
    awards: new AwardService(clock),
    progress: new ProgressService(clock),
    statistics: new StatisticsService(),
    leaderboards: new LeaderboardService(clock),
  };
}

export type Services = ReturnType<typeof createServices>;
