import { graphql } from "../../gql";
import type { LeaderboardMetric, LeaderboardPeriod } from "../../gql/graphql";
import type { UserRanksQuery } from "../../gql/graphql";
import { useQuery } from "../../graphql/hooks";
import { useI18n } from "../../i18n/use-i18n";
import { ErrorState, Loading } from "../../components/states";
import { leaderboardHref } from "./leaderboard-view";

const UserRanksQueryDoc = graphql(`
  query UserRanks($id: ID!) {
    user(id: $id) {
      id
      pointsAll: rank(metric: POINTS, period: ALL_TIME)
      pointsMonth: rank(metric: POINTS, period: MONTH)
      pointsWeek: rank(metric: POINTS, period: WEEK)
      pointsDay: rank(metric: POINTS, period: DAY)
      countAll: rank(metric: ACHIEVEMENTS, period: ALL_TIME)
      countMonth: rank(metric: ACHIEVEMENTS, period: MONTH)
      countWeek: rank(metric: ACHIEVEMENTS, period: WEEK)
      countDay: rank(metric: ACHIEVEMENTS, period: DAY)
    }
  }
`);

type Ranks = NonNullable<UserRanksQuery["user"]>;

const ROWS: [LeaderboardMetric, [LeaderboardPeriod, keyof Ranks][]][] = [
  [
    "POINTS",
    [
      ["ALL_TIME", "pointsAll"],
      ["MONTH", "pointsMonth"],
      ["WEEK", "pointsWeek"],
      ["DAY", "pointsDay"],
    ],
  ],
  [
    "ACHIEVEMENTS",
    [
      ["ALL_TIME", "countAll"],
      ["MONTH", "countMonth"],
      ["WEEK", "countWeek"],
      ["DAY", "countDay"],
    ],
  ],
];

/** The user's rank on every leaderboard of the current period, each a link to the board around them. */
export function UserRanks({ id }: { id: string }) {
  const { t, n } = useI18n();
  const q = useQuery(UserRanksQueryDoc, { id });
  const ranks = q.data?.user;
  return (
    <section aria-labelledby="ranks-heading" data-testid="user-ranks">
      <h2 id="ranks-heading">{t.leaderboards.userRanks}</h2>
      <p className="hint">{t.leaderboards.userRanksHint}</p>
      {q.loading && !ranks ? (
        <Loading />
      ) : q.error ? (
        <ErrorState error={q.error} onRetry={q.reload} />
      ) : ranks ? (
        <div className="table-wrap">
          <table className="catalogue ranks">
            <thead>
              <tr>
                <td />
                {ROWS[0]![1].map(([p]) => (
                  <th scope="col" key={p} className="num">
                    {t.leaderboards.periods[p]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ROWS.map(([metric, cells]) => (
                <tr key={metric}>
                  <th scope="row">{t.leaderboards.metrics[metric]}</th>
                  {cells.map(([period, field]) => {
                    const rank = ranks[field] as number | null | undefined;
                    return (
                      <td key={period} className="num" data-label={t.leaderboards.periods[period]} data-testid={`rank-${metric}-${period}`}>
                        {rank == null ? (
                          "—"
                        ) : (
                          <a
                            href={leaderboardHref({ metric, period, around: id })}
                            aria-label={`${t.leaderboards.metrics[metric]}, ${t.leaderboards.periods[period]}: ${t.leaderboards.rank} ${n(rank)}`}
                          >
                            #{n(rank)}
                          </a>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
