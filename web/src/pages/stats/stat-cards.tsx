import { useId, type ReactNode } from "react";
import type { StatsQuery } from "../../gql/graphql";
import { useI18n } from "../../i18n/use-i18n";
import { userHref } from "../../router";
import { Empty } from "../../components/states";

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

/** One statistic: its figure, how many share it, and who; or why there is none. */
function StatCard({
  title,
  testId,
  stat,
  emptyText,
}: {
  title: string;
  testId: string;
  stat: { figure: string; note: string; who: ReactNode } | null;
  emptyText: string;
}) {
  const id = useId();
  return (
    <section className="card stat-card" aria-labelledby={id} data-testid={testId}>
      <h2 id={id} className="card-title">
        {title}
      </h2>
      {stat ? (
        <>
          <p className="big-number">{stat.figure}</p>
          <p className="muted">{stat.note}</p>
          {stat.who}
        </>
      ) : (
        <Empty>{emptyText}</Empty>
      )}
    </section>
  );
}

type Gap = NonNullable<StatsQuery["stats"]["maxPointsDifference"]>;
type Leaders = { userCount: number; users: readonly { id: string; name: string }[] };

export function StatCards({ stats: s }: { stats: StatsQuery["stats"] }) {
  const { t } = useI18n();
  const leaders = (figure: string, d: Leaders) => ({
    figure,
    note: t.stats.tied(d.userCount),
    who: <UserLinks users={d.users} total={d.userCount} />,
  });
  const gap = (d: Gap) => ({
    figure: t.plural.points(d.difference),
    note: t.stats.pairsCount(d.pairCount),
    who: <PairList pairs={d.pairs} total={d.pairCount} />,
  });
  const most = s.mostAchievements;
  const richest = s.mostPoints;
  const far = s.maxPointsDifference;
  const near = s.minPointsDifference;
  return (
    <div className="stat-grid">
      <StatCard
        title={t.stats.mostAchievements}
        testId="stat-most-achievements"
        emptyText={t.stats.noData}
        stat={most && leaders(t.plural.achievements(most.count), most)}
      />
      <StatCard
        title={t.stats.mostPoints}
        testId="stat-most-points"
        emptyText={t.stats.noData}
        stat={richest && leaders(t.plural.points(richest.points), richest)}
      />
      <StatCard title={t.stats.maxGap} testId="stat-max-gap" emptyText={t.stats.needTwo} stat={far && gap(far)} />
      <StatCard title={t.stats.minGap} testId="stat-min-gap" emptyText={t.stats.needTwo} stat={near && gap(near)} />
    </div>
  );
}
