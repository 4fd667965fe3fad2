import type { Database } from "../db/database";
import { AchievementService } from "./achievement/achievement.service";
import { AwardService } from "./award/award.service";
import { StatisticsService } from "./statistics/statistics.service";
import { UserService } from "./user/user.service";

export function createServices(db: Database, clock: () => number = Date.now) {
  return {
    users: new UserService(db),
    achievements: new AchievementService(db),
    awards: new AwardService(db, clock),
    statistics: new StatisticsService(),
  };
}

export type Services = ReturnType<typeof createServices>;
