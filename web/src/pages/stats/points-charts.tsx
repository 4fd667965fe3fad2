import { useId, useMemo } from "react";
import type { StatsQuery } from "../../gql/graphql";
import type { useRankedUsers } from "./use-ranked-users";
import { useI18n } from "../../i18n/use-i18n";
import { BarChart, PointsScale, type ScalePoint } from "../../components/charts";
import { Loaded } from "../../components/states";

type RankedUsers = ReturnType<typeof useRankedUsers>;

export function LeadersChart({ ranked }: { ranked: RankedUsers }) {
  const { t, n } = useI18n();
  const id = useId();
  const leaders = useMemo(
    () => [...(ranked.data ?? [])].sort((a, b) => b.points - a.points || Number(a.id) - Number(b.id)).slice(0, 10),
    [ranked.data],
  );
  return (
    <section aria-labelledby="leaders-heading" className="card chart-card" data-testid="points-leaders">
      <h2 id="leaders-heading" className="card-title">
        {t.stats.leaders}
      </h2>
      <p className="hint" id={`${id}-leaders-hint`}>
        {t.stats.leadersHint}
      </p>
      <Loaded
        waiting={ranked.loading && !ranked.data}
        error={ranked.error}
        onRetry={ranked.reload}
        empty={leaders.length === 0}
        emptyText={t.stats.noData}
      >
        <BarChart
          title={t.stats.leaders}
          describedBy={`${id}-leaders-hint`}
          data={leaders.map((u) => ({ id: u.id, label: u.name, userId: u.id, value: u.points, valueText: n(u.points) }))}
        />
      </Loaded>
    </section>
  );
}

/** Everyone's points on one scale, with the furthest and the closest pair from the statistics. */
export function GapsChart({ ranked, stats: s }: { ranked: RankedUsers; stats: StatsQuery["stats"] | undefined }) {
  const { t, n } = useI18n();
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
    <section aria-labelledby="gaps-heading" className="card chart-card" data-testid="points-gaps">
      <h2 id="gaps-heading" className="card-title">
        {t.stats.gapsTitle}
      </h2>
      <p className="hint">{t.stats.gapsHint}</p>
      <Loaded
        waiting={ranked.loading && !ranked.data}
        error={ranked.error}
        onRetry={ranked.reload}
        empty={scaleUsers.length < 2 || !s}
        emptyText={t.stats.needTwo}
      >
        <PointsScale
          users={scaleUsers}
          label={scaleLabel}
          furthest={far ? [far.first, far.second] : null}
          closest={near ? [near.first, near.second] : null}
        />
      </Loaded>
    </section>
  );
}
