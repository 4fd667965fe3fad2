import { useEffect, useId, useState } from "react";
import { graphql } from "../gql";
import { usePaginatedQuery } from "../graphql/hooks";
import { useI18n } from "../i18n/use-i18n";
import { replaceQuery, userHref } from "../router";
import { ZoneName } from "../lib/format";
import { useDebounced } from "../lib/use-debounced";
import { FoundStatus, Loaded, LoadMore } from "../components/states";

const UsersQuery = graphql(`
  query Users($first: Int, $after: String, $search: String) {
    users(first: $first, after: $after, search: $search) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          language
          timeZone
          points
          achievementCount
        }
      }
    }
  }
`);

export function UsersPage({ initialSearch }: { initialSearch: string }) {
  const { t, n } = useI18n();
  const id = useId();
  const [text, setText] = useState(initialSearch);
  const search = useDebounced(text.trim(), 300);

  useEffect(() => {
    replaceQuery("/users", { q: search });
  }, [search]);

  const list = usePaginatedQuery(UsersQuery, { first: 20, after: null, search: search || null }, (r) => ({
    nodes: r.users.edges.map((e) => e.node),
    pageInfo: r.users.pageInfo,
    totalCount: r.users.totalCount,
  }));

  return (
    <>
      <h1>{t.users.title}</h1>
      <form role="search" className="search-form" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-search`}>{t.users.searchLabel}</label>
          <p className="hint" id={`${id}-hint`}>
            {t.users.searchHint}
          </p>
          <input
            id={`${id}-search`}
            type="search"
            name="search"
            autoComplete="off"
            value={text}
            aria-describedby={`${id}-hint`}
            aria-controls={`${id}-list`}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
      </form>
      <FoundStatus list={list} />
      <Loaded
        waiting={list.loading && list.items.length === 0}
        error={list.error}
        onRetry={list.reload}
        empty={list.items.length === 0}
        emptyText={search ? t.users.empty : t.users.emptyAll}
      >
        <ul className="card-list" id={`${id}-list`} aria-label={t.users.listLabel} aria-busy={list.loading || undefined}>
          {list.items.map((u) => (
            <li key={u.id} className="card user-card">
              <h2 className="card-title">
                <a href={userHref(u.id)}>{u.name}</a>
              </h2>
              <p className="card-sub">
                <span className="visually-hidden">{t.common.language}: </span>
                {t.langTitles[u.language]}
                <span aria-hidden="true"> · </span>
                <span className="visually-hidden">, {t.common.timeZone}: </span>
                <ZoneName zone={u.timeZone} />
              </p>
              <dl className="facts">
                <div>
                  <dt>{t.common.points}</dt>
                  <dd>{n(u.points)}</dd>
                </div>
                <div>
                  <dt>{t.common.achievements}</dt>
                  <dd>{n(u.achievementCount)}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
        <LoadMore list={list} />
      </Loaded>
    </>
  );
}
