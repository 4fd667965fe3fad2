import { useId, useMemo, useState, type ReactNode } from "react";
import { graphql } from "../gql";
import { fetchAllPages, useAsync, usePaginatedQuery, useQuery } from "../graphql/hooks";
import { useI18n } from "../i18n/i18n";
import { replaceQuery, userHref } from "../router";
import { BarChart, PointsScale, type ScalePoint } from "../components/charts";
import { Empty, ErrorState, Loading, LoadMore } from "../components/states";

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

const StreaksQuery = graphql(`
  query StatsStreaks($days: Int, $after: String) {
    stats {
      streaks(days: $days, first: 20, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            user {
              id
              name
            }
            streak {
              days
              start
              end
            }
          }
        }
      }
    }
  }
`);

const RankedUsersQuery = graphql(`
  query StatsRankedUsers($after: String) {
    users(first: 100, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          points
          achievementCount
        }
      }
    }
  }
`);

function UserLinks({ users, total }: { users: readonly { id: string; name: string }[]; total: number }) {
  const { t } = useI18n();
  return (
    <p className="user-links">
      {users.map((u, i) => (
        <span key={u.id}>
          {i > 0 && ", "}
          <a href={userHref(u.id)}>{u.name}</a>
        </span>
      ))}
      {total > users.length && <span className="muted"> {t.stats.andMore(total - users.length)}</span>}
    </p>
  );
}

function StatCard({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="card stat-card" aria-labelledby={id} data-testid={testId}>
      <h2 id={id} className="card-title">
        {title}
      </h2>
      {children}
    </section>
  );
}

type Pair = { first: { id: string; name: string; points: number }; second: { id: string; name: string; points: number } };

function PairList({ pairs, total }: { pairs: readonly Pair[]; total: number }) {
  const { t, n } = useI18n();
  return (
    <>
      <ul className="pair-list">
        {pairs.map((p) => (
          <li key={`${p.first.id}-${p.second.id}`}>
            <a href={userHref(p.first.id)}>{p.first.name}</a> ({n(p.first.points)}) — <a href={userHref(p.second.id)}>{p.second.name}</a> (
            {n(p.second.points)})
          </li>
        ))}
      </ul>
      {total > pairs.length && <p className="muted">{t.stats.andMore(total - pairs.length)}</p>}
    </>
  );
}

export function StatsPage({ initialDays }: { initialDays: number }) {
  const { t, n, date } = useI18n();
  const id = useId();
  const stats = useQuery(StatsQuery, {});
  const ranked = useAsync(
    (signal) =>
      fetchAllPages(RankedUsersQuery, { after: null }, (r) => ({ nodes: r.users.edges.map((e) => e.node), pageInfo: r.users.pageInfo }), {
        signal,
        maxPages: 20,
      }).then((r) => r.nodes.filter((u) => u.achievementCount > 0)),
    [stats.data],
  );

  const [daysText, setDaysText] = useState(String(initialDays));
  const [days, setDays] = useState(initialDays);
  const [daysError, setDaysError] = useState(false);
  const streaks = usePaginatedQuery(StreaksQuery, { days, after: null }, (r) => ({
    nodes: r.stats.streaks.edges.map((e) => e.node),
    pageInfo: r.stats.streaks.pageInfo,
    totalCount: r.stats.streaks.totalCount,
  }));

  const leaders = useMemo(
    () => [...(ranked.data ?? [])].sort((a, b) => b.points - a.points || Number(a.id) - Number(b.id)).slice(0, 10),
    [ranked.data],
  );

  const s = stats.data?.stats;
  const scaleUsers: ScalePoint[] = (ranked.data ?? []).map((u) => ({ id: u.id, name: u.name, points: u.points }));
  const far = s?.maxPointsDifference?.pairs[0];
  const near = s?.minPointsDifference?.pairs[0];

  const scaleLabel = [
    t.stats.gapsTitle,
    far ? `${t.stats.furthest}: ${far.first.name} (${n(far.first.points)}) — ${far.second.name} (${n(far.second.points)})` : "",
    near ? `${t.stats.closest}: ${near.first.name} (${n(near.first.points)}) — ${near.second.name} (${n(near.second.points)})` : "",
  ]
    .filter(Boolean)
    .join("; ");

  return (
    <>
      <h1>{t.stats.title}</h1>
      {stats.loading && !s ? (
        <Loading />
      ) : stats.error ? (
        <ErrorState error={stats.error} onRetry={stats.reload} />
      ) : !s ? null : (
        <div className="stat-grid">
          <StatCard title={t.stats.mostAchievements} testId="stat-most-achievements">
            {s.mostAchievements ? (
              <>
                <p className="big-number">{t.plural.achievements(s.mostAchievements.count)}</p>
                <p className="muted">{t.stats.tied(s.mostAchievements.userCount)}</p>
                <UserLinks users={s.mostAchievements.users} total={s.mostAchievements.userCount} />
              </>
            ) : (
              <Empty>{t.stats.noData}</Empty>
            )}
          </StatCard>
          <StatCard title={t.stats.mostPoints} testId="stat-most-points">
            {s.mostPoints ? (
              <>
                <p className="big-number">{t.plural.points(s.mostPoints.points)}</p>
                <p className="muted">{t.stats.tied(s.mostPoints.userCount)}</p>
                <UserLinks users={s.mostPoints.users} total={s.mostPoints.userCount} />
              </>
            ) : (
              <Empty>{t.stats.noData}</Empty>
            )}
          </StatCard>
          <StatCard title={t.stats.maxGap} testId="stat-max-gap">
            {s.maxPointsDifference ? (
              <>
                <p className="big-number">{t.plural.points(s.maxPointsDifference.difference)}</p>
                <p className="muted">{t.stats.pairsCount(s.maxPointsDifference.pairCount)}</p>
                <PairList pairs={s.maxPointsDifference.pairs} total={s.maxPointsDifference.pairCount} />
              </>
            ) : (
              <Empty>{t.stats.needTwo}</Empty>
            )}
          </StatCard>
          <StatCard title={t.stats.minGap} testId="stat-min-gap">
            {s.minPointsDifference ? (
              <>
                <p className="big-number">{t.plural.points(s.minPointsDifference.difference)}</p>
                <p className="muted">{t.stats.pairsCount(s.minPointsDifference.pairCount)}</p>
                <PairList pairs={s.minPointsDifference.pairs} total={s.minPointsDifference.pairCount} />
              </>
            ) : (
              <Empty>{t.stats.needTwo}</Empty>
            )}
          </StatCard>
        </div>
      )}

      <div className="two-columns">
        <section aria-labelledby="leaders-heading" className="card chart-card" data-testid="points-leaders">
          <h2 id="leaders-heading" className="card-title">
            {t.stats.leaders}
          </h2>
          <p className="hint" id={`${id}-leaders-hint`}>
            {t.stats.leadersHint}
          </p>
          {ranked.loading && !ranked.data ? (
            <Loading />
          ) : ranked.error ? (
            <ErrorState error={ranked.error} onRetry={ranked.reload} />
          ) : leaders.length === 0 ? (
            <Empty>{t.stats.noData}</Empty>
          ) : (
            <BarChart
              title={t.stats.leaders}
              describedBy={`${id}-leaders-hint`}
              data={leaders.map((u) => ({
                id: u.id,
                label: u.name,
                userId: u.id,
                value: u.points,
                valueText: n(u.points),
              }))}
            />
          )}
        </section>

        <section aria-labelledby="gaps-heading" className="card chart-card" data-testid="points-gaps">
          <h2 id="gaps-heading" className="card-title">
            {t.stats.gapsTitle}
          </h2>
          <p className="hint">{t.stats.gapsHint}</p>
          {ranked.loading && !ranked.data ? (
            <Loading />
          ) : ranked.error ? (
            <ErrorState error={ranked.error} onRetry={ranked.reload} />
          ) : scaleUsers.length < 2 || !s ? (
            <Empty>{t.stats.needTwo}</Empty>
          ) : (
            <PointsScale
              users={scaleUsers}
              label={scaleLabel}
              furthest={far ? [far.first, far.second] : null}
              closest={near ? [near.first, near.second] : null}
            />
          )}
        </section>
      </div>

      <section aria-labelledby="streaks-heading" className="card chart-card" data-testid="streaks">
        <h2 id="streaks-heading" className="card-title">
          {t.stats.streakLeaders}
        </h2>
        <p className="hint" id={`${id}-streaks-hint`}>
          {t.stats.streaksHint}
        </p>
        <form
          className="inline-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const v = Number(daysText.trim());
            if (!/^\d+$/.test(daysText.trim()) || v < 1 || v > 3660) {
              setDaysError(true);
              return;
            }
            setDaysError(false);
            setDays(v);
            replaceQuery("/stats", { days: String(v) });
          }}
        >
          <div className={`field${daysError ? " has-error" : ""}`}>
            <label htmlFor={`${id}-days`}>{t.stats.daysLabel}</label>
            <input
              id={`${id}-days`}
              type="number"
              min={1}
              max={3660}
              inputMode="numeric"
              value={daysText}
              aria-invalid={daysError || undefined}
              aria-describedby={daysError ? `${id}-days-error` : undefined}
              onChange={(e) => setDaysText(e.target.value)}
            />
          </div>
          <button type="submit">{t.stats.show}</button>
          {daysError && (
            <p className="field-error" id={`${id}-days-error`}>
              {t.stats.daysError}
            </p>
          )}
        </form>
        <p className="result-status" role="status" aria-live="polite">
          {streaks.loading ? t.common.loading : !streaks.error ? t.users.found(streaks.totalCount ?? streaks.items.length) : ""}
        </p>
        {streaks.loading && streaks.items.length === 0 ? (
          <Loading />
        ) : streaks.error ? (
          <ErrorState error={streaks.error} onRetry={streaks.reload} />
        ) : streaks.items.length === 0 ? (
          <Empty>{t.stats.noStreaks}</Empty>
        ) : (
          <>
            <BarChart
              title={t.stats.streakLeaders}
              describedBy={`${id}-streaks-hint`}
              data={streaks.items.map((x) => ({
                id: x.user.id,
                label: x.user.name,
                userId: x.user.id,
                value: x.streak.days,
                valueText: t.plural.days(x.streak.days),
                note: `${date(x.streak.start)} – ${date(x.streak.end)}`,
              }))}
            />
            <LoadMore
              hasNextPage={streaks.hasNextPage}
              loadingMore={streaks.loadingMore}
              error={streaks.moreError}
              onLoadMore={streaks.loadMore}
              shown={streaks.items.length}
              total={streaks.totalCount}
            />
          </>
        )}
      </section>
    </>
  );
}
