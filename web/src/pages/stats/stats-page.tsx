import { graphql } from "../../gql";
import { useQuery } from "../../graphql/hooks";
import { useI18n } from "../../i18n/use-i18n";
import { ErrorState, Loading } from "../../components/states";
import { StatCards } from "./stat-cards";
import { GapsChart, LeadersChart } from "./points-charts";
import { useRankedUsers } from "./use-ranked-users";
import { StreaksSection } from "./streaks-section";

const StatsQuery = graphql(`
  query Stats {
    stats {
      mostAchievements {
        count
        userCount
        users(first: 100) {
          id
          name
          points
        }
      }
      mostPoints {
        points
        userCount
        users(first: 100) {
          id
          name
          achievementCount
        }
      }
      maxPointsDifference {
        difference
        pairCount
        pairs(first: 20) {
          first {
            id
            name
            points
          }
          second {
            id
            name
            points
          }
        }
      }
      minPointsDifference {
        difference
        pairCount
        pairs(first: 20) {
          first {
            id
            name
            points
          }
          second {
            id
            name
            points
          }
        }
      }
    }
  }
`);

export function StatsPage({ initialDays }: { initialDays: number }) {
  const { t } = useI18n();
  const stats = useQuery(StatsQuery, {});
  const ranked = useRankedUsers();
  const s = stats.data?.stats;

  return (
    <>
      <h1>{t.stats.title}</h1>
      {stats.loading && !s ? (
        <Loading />
      ) : stats.error ? (
        <ErrorState
          error={stats.error}
          onRetry={() => {
            stats.reload();
            ranked.reload();
          }}
        />
      ) : !s ? null : (
        <StatCards stats={s} />
      )}
      <div className="two-columns">
        <LeadersChart ranked={ranked} />
        <GapsChart ranked={ranked} stats={s} />
      </div>
      <StreaksSection initialDays={initialDays} />
    </>
  );
}
