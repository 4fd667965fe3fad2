import { graphql } from "../../gql";
import type { AchievementsQuery as AchievementsResult } from "../../gql/graphql";
import { usePaginatedQuery } from "../../graphql/hooks";
import { useI18n } from "../../i18n/use-i18n";
import { LANGS } from "../../lib/validation";
import { Loaded, LoadMore } from "../../components/states";
import { useState } from "react";
import { useApiKey } from "../../auth/use-api-key";
import { SecretBadge } from "../../components/secret-badge";
import { AddAchievementForm } from "./add-achievement-form";
import { EditAchievementForm } from "./edit-achievement-form";

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
          holderPercent
          hidden
          steps
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
  const { t, n, lang } = useI18n();
  const list = usePaginatedQuery(AchievementsQuery, { first: 20, after: null }, selectAchievements);
  const { keyInfo } = useApiKey();
  const isAdmin = keyInfo?.scope === "ADMIN";
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState("");
  const percent = (p: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: p > 0 && p < 1 ? 2 : 1 }).format(p) + " %";

  return (
    <>
      <h1>{t.achievements.title}</h1>
      <div className="two-columns">
        <section aria-labelledby="catalogue-heading" className="column-wide">
          <h2 id="catalogue-heading">
            {t.achievements.catalogue}
            {list.totalCount !== undefined && <span className="count"> ({n(list.totalCount)})</span>}
          </h2>
          <p className="success-banner" role="status" data-testid="edit-success">
            {saved}
          </p>
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
                    <th scope="col" className="num">
                      {t.achievements.rarity}
                    </th>
                    {isAdmin && (
                      <th scope="col">
                        <span className="visually-hidden">{t.achievements.edit}</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((a) => [
                    <tr key={a.id} data-achievement-id={a.id} data-hidden={a.hidden || undefined}>
                      <td data-label={t.achievements.id}>
                        {a.id}
                        {a.hidden && (
                          <>
                            <br />
                            <SecretBadge />
                          </>
                        )}
                        {a.steps !== null && a.steps !== undefined && (
                          <>
                            <br />
                            <span className="badge" data-testid="steps-badge">
                              {t.achievements.steps(n(a.steps))}
                            </span>
                          </>
                        )}
                      </td>
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
                      <td className="num" data-label={t.achievements.rarity} title={t.achievements.rarityValue(percent(a.holderPercent))}>
                        {percent(a.holderPercent)}
                      </td>
                      {isAdmin && (
                        <td data-label={t.achievements.edit}>
                          <button
                            type="button"
                            aria-expanded={editing === a.id}
                            onClick={() => {
                              setSaved("");
                              setEditing(editing === a.id ? null : a.id);
                            }}
                          >
                            {t.achievements.edit}
                          </button>
                        </td>
                      )}
                    </tr>,
                    isAdmin && editing === a.id ? (
                      <tr key={`${a.id}-edit`} className="edit-row">
                        <td colSpan={7}>
                          <EditAchievementForm
                            achievement={a}
                            onCancel={() => setEditing(null)}
                            onSaved={() => {
                              setEditing(null);
                              setSaved(t.achievements.updated(a.id));
                              list.reload();
                            }}
                          />
                        </td>
                      </tr>
                    ) : null,
                  ])}
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
