import { InitialSchema1764172800000 } from "./1764172800000-initial-schema";
import { StatisticsAggregates1764176400000 } from "./1764176400000-statistics-aggregates";
import { StreakLevels1764180000000 } from "./1764180000000-streak-levels";
import { AggregatesAutovacuum1764183600000 } from "./1764183600000-aggregates-autovacuum";
import { LifecycleTables1764190800000 } from "./1764190800000-lifecycle-tables";
import { RevocationAggregates1764194400000 } from "./1764194400000-revocation-aggregates";
import { UserTotal1764198000000 } from "./1764198000000-user-total";
import { Leaderboards1764201600000 } from "./1764201600000-leaderboards";
import { AwardEvents1764205200000 } from "./1764205200000-award-events";
import { LeaderboardRebuild1764208800000 } from "./1764208800000-leaderboard-rebuild";
import { ProgressReport1764216000000 } from "./1764216000000-progress-report";
import { RevocationTieOrder1764219600000 } from "./1764219600000-revocation-tie-order";
import { SetBasedBatches1764223200000 } from "./1764223200000-set-based-batches";
import { AwardRelocksUserStats1764226800000 } from "./1764226800000-award-relocks-user-stats";

/** Every migration, oldest first. Landed migrations are never edited. */
export const migrations = [
  InitialSchema1764172800000,
  StatisticsAggregates1764176400000,
  StreakLevels1764180000000,
  AggregatesAutovacuum1764183600000,
  LifecycleTables1764190800000,
  RevocationAggregates1764194400000,
  UserTotal1764198000000,
  Leaderboards1764201600000,
  AwardEvents1764205200000,
  LeaderboardRebuild1764208800000,
  ProgressReport1764216000000,
  RevocationTieOrder1764219600000,
  SetBasedBatches1764223200000,
  AwardRelocksUserStats1764226800000,
];
