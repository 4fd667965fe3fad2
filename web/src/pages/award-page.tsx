import { useEffect, useId, useMemo, useState } from "react";
import { graphql } from "../gql";
import type { AwardCatalogueQuery, AwardUserSearchQuery } from "../gql/graphql";
import { fetchAllPages, useAsync, useQuery } from "../graphql/hooks";
import { RequestError } from "../graphql/client";
import { useApiKey } from "../auth/api-key";
import { useI18n } from "../i18n/i18n";
import { userHref } from "../router";
import { useDebounced } from "../lib/use-debounced";
import { localInputToIsoWithOffset, localOffset } from "../lib/dates";
import { Combobox } from "../components/combobox";
import { useErrorText } from "../components/states";

const UserSearchQuery = graphql(`
  query AwardUserSearch($search: String) {
    users(first: 20, search: $search) {
      edges {
        node {
          id
          name
          language
          points
        }
      }
    }
  }
`);

const UserByIdQuery = graphql(`
  query AwardUserById($id: ID!) {
    user(id: $id) {
      id
      name
      language
      points
    }
  }
`);

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

const AwardMutation = graphql(`
  mutation AwardAchievement($input: AwardAchievementInput!) {
    awardAchievement(input: $input) {
      created
      award {
        id
        awardedAt
        language
        name
        points
        user {
          id
          name
          timeZone
          points
          achievementCount
        }
        achievement {
          id
          holderCount
        }
      }
    }
  }
`);

type UserOption = AwardUserSearchQuery["users"]["edges"][number]["node"];
type AchievementOption = AwardCatalogueQuery["achievements"]["edges"][number]["node"];
type AwardResult = {
  created: boolean;
  award: {
    awardedAt: string;
    name: string;
    user: { id: string; name: string; timeZone: string; points: number; achievementCount: number };
  };
};

const EARLIEST = Date.parse("2000-01-01T00:00:00Z");

export function AwardPage({ initialUserId, initialAchievementId }: { initialUserId?: string; initialAchievementId?: string }) {
  const { t, lang, dateTime } = useI18n();
  const { mutate } = useApiKey();
  const describeError = useErrorText();
  const id = useId();

  const [userText, setUserText] = useState("");
  const [user, setUser] = useState<UserOption | null>(null);
  const [achText, setAchText] = useState("");
  const [achievement, setAchievement] = useState<AchievementOption | null>(null);
  const [when, setWhen] = useState("");
  const [errors, setErrors] = useState<{ user?: string; achievement?: string; when?: string; form?: string }>({});
  const [result, setResult] = useState<AwardResult | null>(null);
  const [busy, setBusy] = useState(false);

  // Users: searched on the server as the person types.
  const search = useDebounced(userText.trim(), 250);
  const users = useQuery(UserSearchQuery, { search: search || null }, { skip: user !== null });

  // Prefill from "#/award?user=12".
  const preset = useQuery(UserByIdQuery, { id: initialUserId ?? "" }, { skip: !initialUserId });
  useEffect(() => {
    const u = preset.data?.user;
    if (u) {
      setUser(u);
      setUserText(u.name);
    }
  }, [preset.data]);

  // Achievements: the whole catalogue, filtered here.
  const catalogue = useAsync(
    (signal) =>
      fetchAllPages(
        CatalogueQuery,
        { after: null },
        (r) => ({ nodes: r.achievements.edges.map((e) => e.node), pageInfo: r.achievements.pageInfo }),
        { signal },
      ).then((r) => r.nodes),
    [],
  );

  useEffect(() => {
    if (!initialAchievementId || !catalogue.data) return;
    const a = catalogue.data.find((x) => x.id === initialAchievementId);
    if (a) {
      setAchievement(a);
      setAchText(achievementLabel(a));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [catalogue.data, initialAchievementId]);

  const uiLang = lang === "ru" ? "RU" : "EN";
  function achievementLabel(a: AchievementOption): string {
    const own = a.translations.find((x) => x.language === uiLang) ?? a.translations[0];
    return own?.name ?? a.id;
  }

  const achOptions = useMemo(() => {
    const all = catalogue.data ?? [];
    const q = achText.trim().toLocaleLowerCase();
    const filtered = q ? all.filter((a) => a.translations.some((x) => x.name.toLocaleLowerCase().includes(q))) : all;
    return filtered.slice(0, 50);
  }, [catalogue.data, achText]);

  const offset = localOffset(new Date());

  async function submit() {
    setResult(null);
    const next: typeof errors = {};
    if (!user) next.user = t.validation.chooseUser;
    if (!achievement) next.achievement = t.validation.chooseAchievement;
    let awardedAt: string | null = null;
    if (when) {
      awardedAt = localInputToIsoWithOffset(when);
      const ms = awardedAt ? Date.parse(awardedAt) : NaN;
      if (!awardedAt || Number.isNaN(ms)) next.when = t.validation.dateInvalid;
      else if (ms > Date.now() + 60_000) next.when = t.validation.dateFuture;
      else if (ms < EARLIEST) next.when = t.validation.dateTooEarly;
    }
    setErrors(next);
    if (next.user || next.achievement || next.when || !user || !achievement) {
      const firstField = next.user ? "user" : next.achievement ? "achievement" : "when";
      document.querySelector<HTMLElement>(`[data-field="${firstField}"] input`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const r = await mutate(AwardMutation, {
        input: { userId: user.id, achievementId: achievement.id, awardedAt },
      });
      setResult(r.awardAchievement);
      setErrors({});
    } catch (e) {
      if (e instanceof RequestError && (e.hasCode("BAD_USER_INPUT") || e.hasCode("NOT_FOUND"))) {
        const err = e.errors.find((x) => x.extensions?.code === "BAD_USER_INPUT" || x.extensions?.code === "NOT_FOUND");
        const code = String(err?.extensions?.code);
        const field = String(err?.extensions?.field ?? "").replace(/^input\./, "");
        const msg = `${t.errors[code] ?? ""} ${t.errors.server} ${err?.message ?? e.message}`.trim();
        if (field === "awardedAt") setErrors({ when: msg });
        else if (field === "userId") setErrors({ user: msg });
        else if (field === "achievementId") setErrors({ achievement: msg });
        else setErrors({ form: msg });
      } else {
        const { text, detail } = describeError(e);
        setErrors({ form: detail ? `${text} ${t.errors.server} ${detail}` : text });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>{t.award.title}</h1>
      <form
        className="stack-form award-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div data-field="user">
          <Combobox<UserOption>
            label={t.award.userLabel}
            hint={t.award.userHint}
            name="user"
            error={errors.user}
            text={userText}
            onTextChange={setUserText}
            options={user ? [] : (users.data?.users.edges.map((e) => e.node) ?? [])}
            selected={user}
            onSelect={(u) => {
              setUser(u);
              setErrors((x) => ({ ...x, user: undefined }));
            }}
            optionKey={(u) => u.id}
            optionLabel={(u) => u.name}
            renderOption={(u) => (
              <>
                <span className="option-main">{u.name}</span>{" "}
                <span className="muted">
                  · {t.langNames[u.language]} · {t.plural.points(u.points)}
                </span>
              </>
            )}
            loading={users.loading}
            loadError={users.error ? describeError(users.error).text : undefined}
          />
        </div>
        <div data-field="achievement">
          <Combobox<AchievementOption>
            label={t.award.achievementLabel}
            hint={t.award.achievementHint}
            name="achievement"
            error={errors.achievement ?? (catalogue.error ? t.award.catalogueError : undefined)}
            text={achText}
            onTextChange={setAchText}
            options={achievement ? [] : achOptions}
            selected={achievement}
            onSelect={(a) => {
              setAchievement(a);
              setErrors((x) => ({ ...x, achievement: undefined }));
            }}
            optionKey={(a) => a.id}
            optionLabel={achievementLabel}
            renderOption={(a) => (
              <>
                {[...a.translations]
                  .sort((x, y) => Number(y.language === uiLang) - Number(x.language === uiLang))
                  .map((x, i) => (
                    <span key={x.language} lang={x.language.toLowerCase()} className={i === 0 ? "option-main" : "muted"}>
                      {i > 0 && " / "}
                      {x.name}
                    </span>
                  ))}{" "}
                <span className="muted">· {t.plural.points(a.points)}</span>
              </>
            )}
            loading={catalogue.loading}
            loadError={catalogue.error ? t.award.catalogueError : undefined}
          />
        </div>
        <div className={`field${errors.when ? " has-error" : ""}`} data-field="when">
          <label htmlFor={`${id}-when`}>{t.award.whenLabel}</label>
          <p className="hint" id={`${id}-when-hint`}>
            {t.award.whenHint(offset)}
          </p>
          <input
            id={`${id}-when`}
            name="awardedAt"
            type="datetime-local"
            step={1}
            value={when}
            aria-invalid={errors.when ? true : undefined}
            aria-describedby={[`${id}-when-hint`, errors.when ? `${id}-when-error` : null].filter(Boolean).join(" ")}
            onChange={(e) => {
              setWhen(e.target.value);
              setErrors((x) => ({ ...x, when: undefined }));
            }}
          />
          {errors.when && (
            <p className="field-error" id={`${id}-when-error`}>
              {errors.when}
            </p>
          )}
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
            {busy ? t.award.submitting : t.award.submit}
          </button>
        </div>
        <div className="form-messages">
          <div className="error-banner" role="alert" data-testid="form-error">
            {errors.form}
          </div>
          <div
            className="result-banner"
            role="status"
            data-testid="award-result"
            data-created={result ? String(result.created) : undefined}
          >
            {result && (
              <>
                <p>
                  <strong>
                    {result.created
                      ? t.award.created(result.award.name, result.award.user.name)
                      : t.award.existing(
                          result.award.name,
                          result.award.user.name,
                          dateTime(result.award.awardedAt, result.award.user.timeZone),
                        )}
                  </strong>
                </p>
                <p data-testid="award-result-user">
                  {t.award.userNow(t.plural.points(result.award.user.points), t.plural.achievements(result.award.user.achievementCount))}
                </p>
                <p>
                  <a href={userHref(result.award.user.id)}>{t.award.openUser}</a>
                </p>
              </>
            )}
          </div>
        </div>
      </form>
    </>
  );
}
