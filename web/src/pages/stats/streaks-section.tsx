import { useId, useState } from "react";
import { graphql } from "../../gql";
import type { StatsStreaksQuery } from "../../gql/graphql";
import { usePaginatedQuery } from "../../graphql/hooks";
import { useI18n } from "../../i18n/use-i18n";
import { replaceQuery } from "../../router";
import { BarChart } from "../../components/charts";
import { FoundStatus, Loaded, LoadMore } from "../../components/states";

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

const selectStreaks = (r: StatsStreaksQuery) => ({
  nodes: r.stats.streaks.edges.map((e) => e.node),
  pageInfo: r.stats.streaks.pageInfo,
  totalCount: r.stats.streaks.totalCount,
});

/** The days form: a whole number of days from 1 to 3660, kept in the address. */
function DaysForm({ initialDays, onDays }: { initialDays: number; onDays: (days: number) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [daysText, setDaysText] = useState(String(initialDays));
  const [daysError, setDaysError] = useState(false);
  return (
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
        onDays(v);
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
  );
}

/** The longest streaks that reach the given number of days, a bar each, twenty at a time. */
export function StreaksSection({ initialDays }: { initialDays: number }) {
  const { t, date } = useI18n();
  const id = useId();
  const [days, setDays] = useState(initialDays);
  const streaks = usePaginatedQuery(StreaksQuery, { days, after: null }, selectStreaks);

  return (
    <section aria-labelledby="streaks-heading" className="card chart-card" data-testid="streaks">
      <h2 id="streaks-heading" className="card-title">
        {t.stats.streakLeaders}
      </h2>
      <p className="hint" id={`${id}-streaks-hint`}>
        {t.stats.streaksHint}
      </p>
      <DaysForm initialDays={initialDays} onDays={setDays} />
      <FoundStatus list={streaks} />
      <Loaded
        waiting={streaks.loading && streaks.items.length === 0}
        error={streaks.error}
        onRetry={streaks.reload}
        empty={streaks.items.length === 0}
        emptyText={t.stats.noStreaks}
      >
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
        <LoadMore list={streaks} />
      </Loaded>
    </section>
  );
}
