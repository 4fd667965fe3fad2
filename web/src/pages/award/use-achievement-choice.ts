import { useMemo, useState } from "react";
import { graphql } from "../../gql";
import type { AwardCatalogueQuery } from "../../gql/graphql";
import { fetchAllPages, useAsync } from "../../graphql/hooks";
import { useI18n } from "../../i18n/use-i18n";

const CatalogueQuery = graphql(`
  query AwardCatalogue($after: String) {
    achievements(first: 100, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          points
          translations {
            language
            name
          }
        }
      }
    }
  }
`);

export type AchievementOption = AwardCatalogueQuery["achievements"]["edges"][number]["node"];

const loadCatalogue = (signal: AbortSignal) =>
  fetchAllPages(
    CatalogueQuery,
    { after: null },
    (r) => ({ nodes: r.achievements.edges.map((e) => e.node), pageInfo: r.achievements.pageInfo }),
    { signal },
  ).then((r) => r.nodes);

/** The name of an achievement in the console's language, else in its first translation. */
export function achievementLabel(a: AchievementOption, uiLang: string): string {
  const own = a.translations.find((x) => x.language === uiLang) ?? a.translations[0];
  return own?.name ?? a.id;
}

/**
 * The achievement field of the award form: the whole catalogue, filtered here as the person
 * types, prefilled from "#/award?achievement=3" once the catalogue is in.
 */
export function useAchievementChoice(initialAchievementId: string | undefined) {
  const { lang } = useI18n();
  const uiLang = lang === "ru" ? "RU" : "EN";
  const [text, setText] = useState("");
  const [achievement, setAchievement] = useState<AchievementOption | null>(null);
  const catalogue = useAsync(loadCatalogue);

  const [catalogueSeen, setCatalogueSeen] = useState(catalogue.data);
  if (catalogue.data !== catalogueSeen) {
    setCatalogueSeen(catalogue.data);
    const a = initialAchievementId ? catalogue.data?.find((x) => x.id === initialAchievementId) : undefined;
    if (a) {
      setAchievement(a);
      setText(achievementLabel(a, uiLang));
    }
  }

  const options = useMemo(() => {
    const all = catalogue.data ?? [];
    const q = text.trim().toLocaleLowerCase();
    const filtered = q ? all.filter((a) => a.translations.some((x) => x.name.toLocaleLowerCase().includes(q))) : all;
    return filtered.slice(0, 50);
  }, [catalogue.data, text]);

  return {
    uiLang,
    text,
    setText,
    selected: achievement,
    select: setAchievement,
    options: achievement ? [] : options,
    loading: catalogue.loading,
    failed: catalogue.error !== undefined,
  };
}
