import { useId, useState } from "react";
import { graphql } from "../../gql";
import type { LeaderboardPageQuery, LeaderboardPageQueryVariables } from "../../gql/graphql";
import { usePaginatedQuery } from "../../graphql/hooks";
import { useI18n } from "../../i18n/use-i18n";
import { navigate, userHref } from "../../router";
import { leaderboardHref, METRICS, PERIODS, type LeaderboardView } from "./leaderboard-view";
import { Combobox } from "../../components/combobox";
import { FoundStatus, Loaded, LoadMore } from "../../components/states";
import { useUserChoice } from "../award/use-user-choice";

const LeaderboardQuery = graphql(`
  query LeaderboardPage($metric: LeaderboardMetric!, $period: LeaderboardPeriod!, $at: DateTime, $around: ID, $after: String) {
    stats {
      leaderboard(metric: $metric, period: $period, at: $at, first: 20, around: $around, after: $after) {
        periodStart
        periodEnd
        totalCount
        pageInfo {
          hasNextPage
          hasPreviousPage
          endCursor
        }
        edges {
          node {
            rank
            value
            user {
              id
              name
            }
          }
        }
      }
    }
  }
`);

const selectBoard = (r: LeaderboardPageQuery) => ({
  nodes: r.stats.leaderboard.edges.map((e) => e.node),
  pageInfo: r.stats.leaderboard.pageInfo,
  totalCount: r.stats.leaderboard.totalCount,
});

/** The pages after an `around` window continue the board with `after` alone. */
const withoutAround = (v: LeaderboardPageQueryVariables): LeaderboardPageQueryVariables => ({ ...v, around: null });

/** Leaderboards: metric and period switches, earlier and later periods, and a user's place. */
export function LeaderboardsPage({ view }: { view: LeaderboardView }) {
  const { t, n, dateTime } = useI18n();
  const id = useId();
  // Periods after the one holding this moment have no awards yet: no "next" into the future.
  const [openedAt] = useState(() => Date.now());
  const board = usePaginatedQuery(
    LeaderboardQuery,
    { metric: view.metric, period: view.period, at: view.at, around: view.around, after: null },
    selectBoard,
    withoutAround,
  );
  const finder = useUserChoice(undefined);
  const go = (change: Partial<LeaderboardView>) => navigate("/leaderboards", { ...view, ...change });

  // The period shown, from the first page's answer.
  const [first] = board.pages;
  const start = first?.stats.leaderboard.periodStart ?? null;
  const end = first?.stats.leaderboard.periodEnd ?? null;
  const previousAt = start ? new Date(Date.parse(start) - 1).toISOString() : null;
  const nextAt = end && Date.parse(end) <= openedAt ? end : null;
  const aroundMissing = view.around !== null && !board.loading && !board.error && board.items.length === 0 && (board.totalCount ?? 0) > 0;

  return (
    <>
      <h1>{t.leaderboards.title}</h1>
      <div className="board-controls">
        <div className="toggle-group" role="group" aria-label={t.leaderboards.metric} data-testid="metric-switch">
          {METRICS.map((m) => (
            <button key={m} type="button" aria-pressed={view.metric === m} onClick={() => go({ metric: m })}>
              {t.leaderboards.metrics[m]}
            </button>
          ))}
        </div>
        <div className="toggle-group" role="group" aria-label={t.leaderboards.period} data-testid="period-switch">
          {PERIODS.map((p) => (
            <button key={p} type="button" aria-pressed={view.period === p} onClick={() => go({ period: p, at: null })}>
              {t.leaderboards.periods[p]}
            </button>
          ))}
        </div>
      </div>
      {view.period !== "ALL_TIME" && (
        <nav className="period-nav" aria-label={t.leaderboards.periodNav}>
          <button type="button" disabled={!previousAt} onClick={() => previousAt && go({ at: previousAt })} data-testid="previous-period">
            ← {t.leaderboards.previous}
          </button>
          <p className="period-label" data-testid="period-label" aria-live="polite">
            {start && end ? t.leaderboards.range(dateTime(start, "UTC"), dateTime(end, "UTC")) : ""}
          </p>
          <button type="button" disabled={!nextAt} onClick={() => nextAt && go({ at: nextAt })} data-testid="next-period">
            {t.leaderboards.next} →
          </button>
        </nav>
      )}
      <div className="inline-form board-finder">
        <Combobox
          label={t.leaderboards.findUser}
          hint={t.leaderboards.findUserHint}
          text={finder.text}
          onTextChange={finder.setText}
          options={finder.options}
          selected={finder.selected}
          onSelect={(u) => {
            finder.select(u);
            if (u) go({ around: u.id });
          }}
          optionKey={(u) => u.id}
          optionLabel={(u) => u.name}
          loading={finder.loading}
          name="find-user"
        />
        {view.around && (
          <a href={leaderboardHref({ ...view, around: null })} data-testid="board-top">
            {t.leaderboards.toTop}
          </a>
        )}
      </div>
      <FoundStatus list={board} />
      {aroundMissing && (
        <p className="muted" data-testid="not-ranked">
          {t.leaderboards.notRanked}
        </p>
      )}
      <Loaded
        waiting={board.loading && board.items.length === 0}
        error={board.error}
        onRetry={board.reload}
        empty={board.items.length === 0 && !aroundMissing}
        emptyText={t.leaderboards.empty}
      >
        {board.items.length > 0 && (
          <div className="table-wrap">
            <table className="catalogue board" data-testid="leaderboard" aria-describedby={`${id}-caption`}>
              <caption id={`${id}-caption`} className="visually-hidden">
                {t.leaderboards.caption(t.leaderboards.metrics[view.metric], t.leaderboards.periods[view.period])}
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t.leaderboards.rank}
                  </th>
                  <th scope="col">{t.leaderboards.user}</th>
                  <th scope="col" className="num">
                    {t.leaderboards.metrics[view.metric]}
                  </th>
                </tr>
              </thead>
              <tbody>
                {board.items.map((e) => {
                  const marked = e.user.id === view.around;
                  return (
                    <tr
                      key={e.user.id}
                      className={marked ? "marked" : undefined}
                      aria-current={marked ? "true" : undefined}
                      data-testid="board-row"
                    >
                      <td className="num" data-label={t.leaderboards.rank}>
                        {n(e.rank)}
                      </td>
                      <td data-label={t.leaderboards.user}>
                        <a href={userHref(e.user.id)}>{e.user.name}</a>
                        {marked && <span className="visually-hidden"> ({t.leaderboards.found})</span>}
                      </td>
                      <td className="num" data-label={t.leaderboards.metrics[view.metric]}>
                        {n(e.value)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <LoadMore list={board} />
      </Loaded>
    </>
  );
}
