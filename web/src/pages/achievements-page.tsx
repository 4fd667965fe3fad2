import { useId, useRef, useState } from "react";
import { graphql } from "../gql";
import { usePaginatedQuery } from "../graphql/hooks";
import { RequestError } from "../graphql/client";
import { useApiKey, KeyCancelledError } from "../auth/api-key";
import { useI18n } from "../i18n/i18n";
import {
  LANGS,
  mapAchievementServerErrors,
  validateAchievement,
  type AchievementDraft,
  type AchievementField,
  type Lang,
} from "../lib/validation";
import { Empty, ErrorState, Loading, LoadMore, useErrorText } from "../components/states";

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

const CreateAchievementMutation = graphql(`
  mutation CreateAchievement($input: CreateAchievementInput!) {
    createAchievement(input: $input) {
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
`);

export function AchievementsPage() {
  const { t, n } = useI18n();
  const list = usePaginatedQuery(AchievementsQuery, { first: 20, after: null }, (r) => ({
    nodes: r.achievements.edges.map((e) => e.node),
    pageInfo: r.achievements.pageInfo,
    totalCount: r.achievements.totalCount,
  }));

  return (
    <>
      <h1>{t.achievements.title}</h1>
      <div className="two-columns">
        <section aria-labelledby="catalogue-heading" className="column-wide">
          <h2 id="catalogue-heading">
            {t.achievements.catalogue}
            {list.totalCount !== undefined && <span className="count"> ({n(list.totalCount)})</span>}
          </h2>
          {list.loading && list.items.length === 0 ? (
            <Loading />
          ) : list.error ? (
            <ErrorState error={list.error} onRetry={list.reload} />
          ) : list.items.length === 0 ? (
            <Empty>{t.achievements.empty}</Empty>
          ) : (
            <>
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
              <LoadMore
                hasNextPage={list.hasNextPage}
                loadingMore={list.loadingMore}
                error={list.moreError}
                onLoadMore={list.loadMore}
                shown={list.items.length}
                total={list.totalCount}
              />
            </>
          )}
        </section>
        <section aria-labelledby="add-heading" className="column-narrow">
          <h2 id="add-heading">{t.achievements.addTitle}</h2>
          <AddAchievementForm onCreated={list.reload} />
        </section>
      </div>
    </>
  );
}

const EMPTY: AchievementDraft = {
  points: "",
  translations: { EN: { name: "", description: "" }, RU: { name: "", description: "" } },
};

type FieldMessages = Partial<Record<AchievementField, string>>;

function AddAchievementForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const { mutate } = useApiKey();
  const describeError = useErrorText();
  const id = useId();
  const [draft, setDraft] = useState<AchievementDraft>(EMPTY);
  const [fieldErrors, setFieldErrors] = useState<FieldMessages>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [success, setSuccess] = useState("");
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const fieldId = (f: AchievementField) => `${id}-${f.replace(".", "-")}`;

  const focusFirstError = (errors: FieldMessages) => {
    const order: AchievementField[] = ["points", "EN.name", "EN.description", "RU.name", "RU.description"];
    const first = order.find((f) => errors[f]);
    if (first) document.getElementById(fieldId(first))?.focus();
  };

  const setText = (lang: Lang, prop: "name" | "description", value: string) => {
    setDraft((d) => ({ ...d, translations: { ...d.translations, [lang]: { ...d.translations[lang], [prop]: value } } }));
    setFieldErrors((e) => ({ ...e, [`${lang}.${prop}`]: undefined }));
  };

  async function submit() {
    setSuccess("");
    const v = validateAchievement(draft);
    const fe: FieldMessages = {};
    for (const [f, code] of Object.entries(v.fieldErrors)) fe[f as AchievementField] = t.validation[code];
    setFieldErrors(fe);
    setFormErrors(v.formError ? [t.validation[v.formError]!] : Object.keys(fe).length ? [t.achievements.fixErrors] : []);
    if (!v.input) {
      focusFirstError(fe);
      return;
    }
    setBusy(true);
    try {
      const result = await mutate(CreateAchievementMutation, { input: v.input });
      const created = result.createAchievement;
      const shownName = created.translations.find((x) => x.language === v.languages[0])?.name ?? created.translations[0]?.name ?? "";
      setSuccess(t.achievements.created(shownName, created.id));
      setDraft(EMPTY);
      setFieldErrors({});
      setFormErrors([]);
      onCreated();
    } catch (e) {
      if (e instanceof RequestError && (e.hasCode("BAD_USER_INPUT") || e.hasCode("CONFLICT"))) {
        const mapped = mapAchievementServerErrors(e.errors, v.languages);
        const fe2: FieldMessages = {};
        for (const [f, item] of Object.entries(mapped.fieldErrors)) {
          fe2[f as AchievementField] = item.code === "CONFLICT" ? `${t.errors.CONFLICT} (${item.message})` : item.message;
        }
        setFieldErrors(fe2);
        setFormErrors([
          ...mapped.formErrors.map((x) =>
            x.code === "CONFLICT" ? `${t.errors.CONFLICT} (${x.message})` : `${t.errors.server} ${x.message}`,
          ),
          ...(Object.keys(fe2).length ? [t.achievements.fixErrors] : []),
        ]);
        focusFirstError(fe2);
      } else {
        const { text, detail } = describeError(e);
        setFormErrors([detail ? `${text} ${t.errors.server} ${detail}` : text]);
        if (!(e instanceof KeyCancelledError) && !(e instanceof RequestError)) console.error(e);
      }
    } finally {
      setBusy(false);
    }
  }

  const describedBy = (f: AchievementField, hint: string) =>
    [hint, fieldErrors[f] ? `${fieldId(f)}-error` : null].filter(Boolean).join(" ");

  const errorText = (f: AchievementField) =>
    fieldErrors[f] ? (
      <p className="field-error" id={`${fieldId(f)}-error`}>
        {fieldErrors[f]}
      </p>
    ) : null;

  return (
    <form
      ref={formRef}
      className="stack-form"
      noValidate
      aria-describedby={`${id}-intro`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p className="hint" id={`${id}-intro`}>
        {t.achievements.addHint}
      </p>
      <div className="form-messages">
        <div className="error-banner" role="alert" data-testid="form-error">
          {formErrors.map((m, i) => (
            <p key={i}>{m}</p>
          ))}
        </div>
        <p className="success-banner" role="status" data-testid="form-success">
          {success}
        </p>
      </div>
      <div className={`field${fieldErrors.points ? " has-error" : ""}`}>
        <label htmlFor={fieldId("points")}>{t.achievements.pointsLabel}</label>
        <p className="hint" id={`${id}-points-hint`}>
          {t.achievements.pointsHint}
        </p>
        <input
          id={fieldId("points")}
          name="points"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={draft.points}
          aria-invalid={fieldErrors.points ? true : undefined}
          aria-describedby={describedBy("points", `${id}-points-hint`)}
          onChange={(e) => {
            const value = e.target.value;
            setDraft((d) => ({ ...d, points: value }));
            setFieldErrors((x) => ({ ...x, points: undefined }));
          }}
        />
        {errorText("points")}
      </div>
      {LANGS.map((lang) => (
        <fieldset key={lang} className="translation">
          <legend>{t.achievements.translation(t.langTitles[lang] ?? lang)}</legend>
          <div className={`field${fieldErrors[`${lang}.name`] ? " has-error" : ""}`}>
            <label htmlFor={fieldId(`${lang}.name`)}>{t.achievements.nameLabel(t.langNames[lang] ?? lang)}</label>
            <p className="hint" id={`${id}-${lang}-name-hint`}>
              {t.achievements.nameHint}
            </p>
            <input
              id={fieldId(`${lang}.name`)}
              name={`${lang.toLowerCase()}-name`}
              type="text"
              lang={lang.toLowerCase()}
              autoComplete="off"
              value={draft.translations[lang].name}
              aria-invalid={fieldErrors[`${lang}.name`] ? true : undefined}
              aria-describedby={describedBy(`${lang}.name`, `${id}-${lang}-name-hint`)}
              onChange={(e) => setText(lang, "name", e.target.value)}
            />
            {errorText(`${lang}.name`)}
          </div>
          <div className={`field${fieldErrors[`${lang}.description`] ? " has-error" : ""}`}>
            <label htmlFor={fieldId(`${lang}.description`)}>{t.achievements.descriptionLabel(t.langNames[lang] ?? lang)}</label>
            <p className="hint" id={`${id}-${lang}-description-hint`}>
              {t.achievements.descriptionHint}
            </p>
            <textarea
              id={fieldId(`${lang}.description`)}
              name={`${lang.toLowerCase()}-description`}
              lang={lang.toLowerCase()}
              rows={3}
              value={draft.translations[lang].description}
              aria-invalid={fieldErrors[`${lang}.description`] ? true : undefined}
              aria-describedby={describedBy(`${lang}.description`, `${id}-${lang}-description-hint`)}
              onChange={(e) => setText(lang, "description", e.target.value)}
            />
            {errorText(`${lang}.description`)}
          </div>
        </fieldset>
      ))}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
          {busy ? t.achievements.submitting : t.achievements.submit}
        </button>
      </div>
    </form>
  );
}
