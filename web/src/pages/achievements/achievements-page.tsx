import { graphql } from "../../gql";
import type { AchievementsQuery as AchievementsResult } from "../../gql/graphql";
import { usePaginatedQuery } from "../../graphql/hooks";
import { useI18n } from "../../i18n/use-i18n";
import { LANGS } from "../../lib/validation";
import { Loaded, LoadMore } from "../../components/states";
import { AddAchievementForm } from "./add-achievement-form";

const AchievementsQuery = graphql(`
  query Achievements($first: Int, $after: String) {
    achievements(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          points
          holderCount
          translations {
            language
            name
            description
          }
        }
      }
    }
  }
`);

const selectAchievements = (r: AchievementsResult) => ({
  nodes: r.achievements.edges.map((e) => e.node),
  pageInfo: r.achievements.pageInfo,
  totalCount: r.achievements.totalCount,
});

export function AchievementsPage() {
  const { t, n } = useI18n();
  const list = usePaginatedQuery(AchievementsQuery, { first: 20, after: null }, selectAchievements);

  return (
    <>
      <h1>{t.achievements.title}</h1>
      <div className="two-columns">
        <section aria-labelledby="catalogue-heading" className="column-wide">
          <h2 id="catalogue-heading">
            {t.achievements.catalogue}
            {list.totalCount !== undefined && <span className="count"> ({n(list.totalCount)})</span>}
          </h2>
          <Loaded
            waiting={list.loading && list.items.length === 0}
            error={list.error}
            onRetry={list.reload}
            empty={list.items.length === 0}
            emptyText={t.achievements.empty}
          >
            <div className="table-wrap">
              <table className="catalogue" data-testid="catalogue">
                <caption className="visually-hidden">{t.achievements.catalogue}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t.achievements.id}</th>
                    {LANGS.map((l) => (
                      <th scope="col" key={l}>
                        {t.langTitles[l]}
                      </th>
                    ))}
                    <th scope="col" className="num">
                      {t.common.points}
                    </th>
                    <th scope="col" className="num">
                      {t.achievements.holders}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((a) => (
                    <tr key={a.id} data-achievement-id={a.id}>
                      <td data-label={t.achievements.id}>{a.id}</td>
                      {LANGS.map((l) => {
                        const tr = a.translations.find((x) => x.language === l);
                        return (
                          <td key={l} data-label={t.langTitles[l]} lang={l.toLowerCase()}>
                            {tr ? (
                              <>
                                <strong>{tr.name}</strong>
                                <br />
                                <span className="muted">{tr.description}</span>
                              </>
                            ) : (
                              <span className="muted">— {t.achievements.noTranslation}</span>
                            )}
                          </td>
                        );
                      })}
                      <td className="num" data-label={t.common.points}>
                        {n(a.points)}
                      </td>
                      <td className="num" data-label={t.achievements.holders}>
                        {n(a.holderCount)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <LoadMore list={list} />
          </Loaded>
        </section>
        <section aria-labelledby="add-heading" className="column-narrow">
          <h2 id="add-heading">{t.achievements.addTitle}</h2>
          <AddAchievementForm onCreated={list.reload} />
        </section>
      </div>
    </>
  );
}
