import { useCallback, useMemo, useState } from "react";
import { graphql } from "../gql";
import type { UserPageQuery } from "../gql/graphql";
import { fetchAllPages, useAsync } from "../graphql/hooks";
import { useI18n } from "../i18n/use-i18n";
import { href } from "../router";
import { ZoneName } from "../lib/format";
import { dayKeyInZone } from "../lib/dates";
import { Heatmap } from "../components/heatmap";
import { Empty, ErrorState, Loading } from "../components/states";
import { RevokeControl, RevokedAwards } from "./user/revocation";
import { SecretBadge } from "../components/secret-badge";
import { UserProgress } from "./user-progress";
import { UserRanks } from "./leaderboards/user-ranks";
import { useAwardEvents } from "../graphql/events";
import { AwardEventsDocument } from "../graphql/events-document";

const UserQuery = graphql(`
  query UserPage($id: ID!, $after: String) {
    user(id: $id) {
      id
      name
      language
      timeZone
      createdAt
      points
      achievementCount
      longestStreak {
        days
        start
        end
      }
      awards(first: 100, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            awardedAt
            language
            name
            description
            points
            achievement {
              id
              hidden
            }
          }
        }
      }
    }
  }
`);

const PAGE = 20;

type UserData = NonNullable<UserPageQuery["user"]>;

export function UserPage({ id }: { id: string }) {
  const { t, n, dateTime, date, lang } = useI18n();
  const [shown, setShown] = useState(PAGE);

  // A user holds each achievement at most once, so all awards are a bounded list:
  // fetch them all (pages of 100) for the calendar; the list shows them 20 at a time.
  const load = useCallback(
    async (signal: AbortSignal) => {
      const holder: { user?: UserData } = {};
      const all = await fetchAllPages(
        UserQuery,
        { id, after: null },
        (r) => {
          if (!r.user) return null;
          holder.user ??= r.user;
          return { nodes: r.user.awards.edges.map((e) => e.node), pageInfo: r.user.awards.pageInfo };
        },
        { signal, maxPages: 100 },
      );
      return all.found && holder.user ? { user: holder.user, awards: all.nodes, complete: all.complete } : null;
    },
    [id],
  );
  const state = useAsync(load);
  // Bumped by a revocation: the revoked list is read again.
  const [revocations, setRevocations] = useState(0);
  const reload = state.reload;
  const onRevoked = useCallback(() => {
    reload();
    setRevocations((v) => v + 1);
  }, [reload]);
  // Live: each event of this user (an unlock, a revocation, progress) reloads the page and its revoked list.
  useAwardEvents(AwardEventsDocument.toString(), id, onRevoked);

  const counts = useMemo(() => {
    const m = new Map<string, number>();
    if (!state.data) return m;
    for (const a of state.data.awards) {
      const k = dayKeyInZone(a.awardedAt, state.data.user.timeZone);
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  }, [state.data]);

  if (state.loading && !state.data) return <Loading />;
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) {
    return (
      <>
        <h1>{t.common.notFound}</h1>
        <Empty>{t.user.notFound}</Empty>
        <p>
          <a href={href("/users")}>{t.common.backToUsers}</a>
        </p>
      </>
    );
  }

  const { user, awards } = state.data;
  const today = dayKeyInZone(new Date(), user.timeZone);
  const userLang = user.language.toLowerCase();

  return (
    <>
      <p className="breadcrumb">
        <a href={href("/users")}>{t.common.backToUsers}</a>
      </p>
      <h1>{user.name}</h1>
      <dl className="facts facts-large" data-testid="user-facts">
        <div>
          <dt>{t.common.language}</dt>
          <dd>{t.langTitles[user.language]}</dd>
        </div>
        <div>
          <dt>{t.common.timeZone}</dt>
          <dd>
            <ZoneName zone={user.timeZone} />
          </dd>
        </div>
        <div>
          <dt>{t.common.points}</dt>
          <dd data-testid="user-points">{n(user.points)}</dd>
        </div>
        <div>
          <dt>{t.common.achievements}</dt>
          <dd data-testid="user-achievement-count">{n(user.achievementCount)}</dd>
        </div>
        <div>
          <dt>{t.common.longestStreak}</dt>
          <dd data-testid="user-longest-streak">
            {user.longestStreak
              ? t.user.streak(t.plural.days(user.longestStreak.days), date(user.longestStreak.start), date(user.longestStreak.end))
              : t.common.none}
          </dd>
        </div>
        <div>
          <dt>{t.user.since}</dt>
          <dd>{dateTime(user.createdAt, user.timeZone)}</dd>
        </div>
      </dl>
      <p>
        <a className="button-link" href={href("/award", { user: user.id })}>
          {t.user.giveAward}
        </a>
      </p>

      <UserRanks id={user.id} />

      <section aria-labelledby="calendar-heading">
        <h2 id="calendar-heading">{t.user.calendar}</h2>
        <p className="hint">{t.user.calendarHint(user.timeZone)}</p>
        {!state.data.complete && <p className="hint">{t.user.incomplete}</p>}
        <Heatmap counts={counts} today={today} longest={user.longestStreak ?? null} />
      </section>

      <UserProgress id={user.id} language={user.language} timeZone={user.timeZone} />

      <section aria-labelledby="awards-heading">
        <h2 id="awards-heading">
          {t.user.awards} <span className="count">({n(user.awards.totalCount)})</span>
        </h2>
        <p className="hint">{t.user.awardsHint}</p>
        {awards.length === 0 ? (
          <Empty>{t.user.noAwards}</Empty>
        ) : (
          <>
            <ol className="award-list" data-testid="award-list">
              {awards.slice(0, shown).map((a) => (
                <li key={a.id} className="card award-card" lang={a.language.toLowerCase()}>
                  <div className="award-head">
                    <h3 className="card-title">{a.name}</h3>
                    {a.achievement.hidden && <SecretBadge />}
                    <span className="badge" lang={lang}>
                      {t.plural.points(a.points)}
                    </span>
                  </div>
                  <p>{a.description}</p>
                  <p className="muted" lang={lang}>
                    {t.user.awardedOn}: <time dateTime={a.awardedAt}>{dateTime(a.awardedAt, user.timeZone)}</time>
                    {a.language.toLowerCase() !== userLang && <> · {t.user.fallback(t.langNames[a.language] ?? a.language)}</>}
                  </p>
                  <RevokeControl userId={user.id} achievementId={a.achievement.id} awardName={a.name} onRevoked={onRevoked} />
                </li>
              ))}
            </ol>
            <div className="load-more">
              <p className="muted">{t.common.shownOf(Math.min(shown, awards.length), user.awards.totalCount)}</p>
              {shown < awards.length && (
                <button type="button" onClick={() => setShown((s) => s + PAGE)}>
                  {t.common.loadMore}
                </button>
              )}
            </div>
          </>
        )}
      </section>

      <RevokedAwards key={revocations} userId={user.id} />
    </>
  );
}
