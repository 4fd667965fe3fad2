import { useId, useState } from "react";
import { graphql } from "../../gql";
import { RequestError } from "../../graphql/client";
import { KeyCancelledError, useApiKey } from "../../auth/use-api-key";
import { useErrorText } from "../../components/use-error-text";
import { Field } from "../../components/field";
import { useI18n } from "../../i18n/use-i18n";
import {
  DESCRIPTION_MAX,
  LANGS,
  NAME_MAX,
  achievementFieldFromServer,
  checkText,
  type AchievementField,
  type Lang,
  type TranslationInputValue,
} from "../../lib/validation";

const UpdateAchievementMutation = graphql(`
  mutation UpdateAchievement($id: ID!, $input: UpdateAchievementInput!) {
    updateAchievement(id: $id, input: $input) {
      id
      hidden
      translations {
        language
        name
        description
      }
    }
  }
`);

export interface EditableAchievement {
  id: string;
  hidden: boolean;
  translations: readonly { language: string; name: string; description: string }[];
}

type Texts = Record<Lang, { name: string; description: string }>;

/**
 * Changes an achievement (admin keys): whether it is hidden, and its texts in each language.
 * A language left empty that the achievement has is kept; an empty one it lacks is not added.
 */
export function EditAchievementForm({
  achievement,
  onSaved,
  onCancel,
}: {
  achievement: EditableAchievement;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { mutate } = useApiKey();
  const describeError = useErrorText();
  const id = useId();
  const original: Texts = {
    EN: { name: "", description: "" },
    RU: { name: "", description: "" },
  };
  for (const x of achievement.translations) {
    if (x.language === "EN" || x.language === "RU") original[x.language] = { name: x.name, description: x.description };
  }
  const [hidden, setHidden] = useState(achievement.hidden);
  const [texts, setTexts] = useState<Texts>(original);
  const [errors, setErrors] = useState<Partial<Record<AchievementField, string>>>({});
  const [formError, setFormError] = useState("");
  const [busy, setBusy] = useState(false);
  const fieldId = (f: AchievementField) => `${id}-${f.replace(".", "-")}`;

  async function submit() {
    setFormError("");
    const fe: Partial<Record<AchievementField, string>> = {};
    const translations: TranslationInputValue[] = [];
    for (const lang of LANGS) {
      const x = texts[lang];
      const changed = x.name !== original[lang].name || x.description !== original[lang].description;
      if (!changed || (x.name.trim() === "" && x.description.trim() === "")) continue;
      const nameError = checkText(x.name, NAME_MAX, "nameLength");
      const descriptionError = checkText(x.description, DESCRIPTION_MAX, "descriptionLength");
      if (nameError) fe[`${lang}.name`] = t.validation[nameError];
      if (descriptionError) fe[`${lang}.description`] = t.validation[descriptionError];
      translations.push({ language: lang, name: x.name.trim(), description: x.description.trim() });
    }
    setErrors(fe);
    const first = Object.keys(fe)[0] as AchievementField | undefined;
    if (first) {
      setFormError(t.achievements.fixErrors);
      document.getElementById(fieldId(first))?.focus();
      return;
    }
    if (translations.length === 0 && hidden === achievement.hidden) {
      setFormError(t.achievements.nothingToChange);
      return;
    }
    const sent = translations.map((x) => x.language);
    setBusy(true);
    try {
      await mutate(UpdateAchievementMutation, {
        id: achievement.id,
        input: { ...(hidden !== achievement.hidden ? { hidden } : {}), ...(translations.length ? { translations } : {}) },
      });
      onSaved();
    } catch (e) {
      if (e instanceof RequestError && (e.hasCode("BAD_USER_INPUT") || e.hasCode("CONFLICT"))) {
        const fe2: Partial<Record<AchievementField, string>> = {};
        for (const item of e.errors) {
          const f = achievementFieldFromServer(item.extensions?.field, sent);
          if (f) fe2[f] = item.extensions?.code === "CONFLICT" ? `${t.errors.CONFLICT} (${item.message})` : item.message;
        }
        setErrors(fe2);
        setFormError(Object.keys(fe2).length ? t.achievements.fixErrors : `${t.errors.server} ${e.message}`);
      } else {
        const { text, detail } = describeError(e);
        setFormError(detail ? `${text} ${t.errors.server} ${detail}` : text);
        if (!(e instanceof KeyCancelledError) && !(e instanceof RequestError)) console.error(e);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="stack-form"
      noValidate
      aria-labelledby={`${id}-title`}
      data-testid="edit-achievement-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id={`${id}-title`}>{t.achievements.editTitle(achievement.id)}</h3>
      <p className="hint">{t.achievements.editHint}</p>
      <div className="error-banner" role="alert" data-testid="edit-error">
        {formError && <p>{formError}</p>}
      </div>
      <div className="inline-check">
        <input id={`${id}-hidden`} name="hidden" type="checkbox" checked={hidden} onChange={(e) => setHidden(e.target.checked)} />
        <label htmlFor={`${id}-hidden`}>{t.achievements.hiddenLabel}</label>
      </div>
      {LANGS.map((lang) => (
        <fieldset key={lang} className="translation">
          <legend>{t.achievements.translation(t.langTitles[lang] ?? lang)}</legend>
          <Field
            inputId={fieldId(`${lang}.name`)}
            label={t.achievements.nameLabel(t.langNames[lang] ?? lang)}
            hint={t.achievements.nameHint}
            error={errors[`${lang}.name`]}
          >
            {(control) => (
              <input
                {...control}
                name={`edit-${lang.toLowerCase()}-name`}
                type="text"
                lang={lang.toLowerCase()}
                autoComplete="off"
                value={texts[lang].name}
                onChange={(e) => setTexts((x) => ({ ...x, [lang]: { ...x[lang], name: e.target.value } }))}
              />
            )}
          </Field>
          <Field
            inputId={fieldId(`${lang}.description`)}
            label={t.achievements.descriptionLabel(t.langNames[lang] ?? lang)}
            hint={t.achievements.descriptionHint}
            error={errors[`${lang}.description`]}
          >
            {(control) => (
              <textarea
                {...control}
                name={`edit-${lang.toLowerCase()}-description`}
                lang={lang.toLowerCase()}
                rows={2}
                value={texts[lang].description}
                onChange={(e) => setTexts((x) => ({ ...x, [lang]: { ...x[lang], description: e.target.value } }))}
              />
            )}
          </Field>
        </fieldset>
      ))}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
          {busy ? t.achievements.saving : t.achievements.save}
        </button>
        <button type="button" onClick={onCancel}>
          {t.common.cancel}
        </button>
      </div>
    </form>
  );
}
