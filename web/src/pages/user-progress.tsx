import { graphql } from "../gql";
import type { UserProgressQuery } from "../gql/graphql";
import { useQuery } from "../graphql/hooks";
import { useI18n } from "../i18n/use-i18n";
import { Empty, ErrorState, Loading } from "../components/states";
import { SecretBadge } from "../components/secret-badge";

const ProgressQuery = graphql(`
  query UserProgress($id: ID!) {
    user(id: $id) {
      id
      progress(first: 100) {
        totalCount
        edges {
          node {
            current
            target
            updatedAt
            achievement {
              id
              hidden
              points
              translations {
                language
                name
                description
              }
            }
          }
        }
      }
    }
  }
`);

type Item = NonNullable<UserProgressQuery["user"]>["progress"]["edges"][number]["node"];

/** The incremental achievements a user has started, each with a progress bar, most recently advanced first. */
export function UserProgress({ id, language, timeZone }: { id: string; language: string; timeZone: string }) {
  const { t, n, dateTime, lang } = useI18n();
  const state = useQuery(ProgressQuery, { id });
  const items = state.data?.user?.progress.edges.map((e) => e.node) ?? [];
  const text = (a: Item["achievement"]) =>
    a.translations.find((x) => x.language === language) ?? a.translations.find((x) => x.language !== language) ?? null;

  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">
        {t.user.progress}
        {state.data?.user && <span className="count"> ({n(state.data.user.progress.totalCount)})</span>}
      </h2>
      <p className="hint">{t.user.progressHint}</p>
      {state.loading && !state.data ? (
        <Loading />
      ) : state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : items.length === 0 ? (
        <Empty>{t.user.noProgress}</Empty>
      ) : (
        <ol className="award-list" data-testid="progress-list">
          {items.map((p) => {
            const tr = text(p.achievement);
            const name = tr?.name ?? p.achievement.id;
            return (
              <li key={p.achievement.id} className="card award-card" data-achievement-id={p.achievement.id}>
                <div className="award-head">
                  <h3 className="card-title" lang={tr?.language.toLowerCase()}>
                    {name}
                  </h3>
                  {p.achievement.hidden && <SecretBadge />}
                  <span className="badge" lang={lang}>
                    {t.plural.points(p.achievement.points)}
                  </span>
                </div>
                {tr && <p lang={tr.language.toLowerCase()}>{tr.description}</p>}
                <progress className="progress-bar" value={p.current} max={p.target} aria-label={t.user.progressLabel(name)} />
                <p className="muted" lang={lang}>
                  <span data-testid="progress-figures">{t.user.progressOf(n(p.current), n(p.target))}</span> ·{" "}
                  <time dateTime={p.updatedAt}>{dateTime(p.updatedAt, timeZone)}</time>
                </p>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
