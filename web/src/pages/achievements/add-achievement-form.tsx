import { useId } from "react";
import { useI18n } from "../../i18n/use-i18n";
import { Field } from "../../components/field";
import { LANGS, type AchievementField } from "../../lib/validation";
import { useAddAchievement } from "./use-add-achievement";

export function AddAchievementForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const fieldId = (f: AchievementField) => `${id}-${f.replace(".", "-")}`;
  const form = useAddAchievement(onCreated, (f) => document.getElementById(fieldId(f))?.focus());
  const { draft, fieldErrors } = form;

  return (
    <form
      className="stack-form"
      noValidate
      aria-describedby={`${id}-intro`}
      onSubmit={(e) => {
        e.preventDefault();
        void form.submit();
      }}
    >
      <p className="hint" id={`${id}-intro`}>
        {t.achievements.addHint}
      </p>
      <div className="form-messages">
        <div className="error-banner" role="alert" data-testid="form-error">
          {form.formErrors.map((m, i) => (
            <p key={i}>{m}</p>
          ))}
        </div>
        <p className="success-banner" role="status" data-testid="form-success">
          {form.success}
        </p>
      </div>
      <Field inputId={fieldId("points")} label={t.achievements.pointsLabel} hint={t.achievements.pointsHint} error={fieldErrors.points}>
        {(control) => (
          <input
            {...control}
            name="points"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={draft.points}
            onChange={(e) => form.setPoints(e.target.value)}
          />
        )}
      </Field>
      <Field
        inputId={fieldId("steps")}
        label={`${t.achievements.stepsLabel} (${t.common.optional})`}
        hint={t.achievements.stepsHint}
        error={fieldErrors.steps}
      >
        {(control) => (
          <input
            {...control}
            name="steps"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={draft.steps ?? ""}
            onChange={(e) => form.setSteps(e.target.value)}
          />
        )}
      </Field>
      <div className="inline-check">
        <input
          id={`${id}-hidden`}
          name="hidden"
          type="checkbox"
          checked={draft.hidden ?? false}
          aria-describedby={`${id}-hidden-hint`}
          onChange={(e) => form.setHidden(e.target.checked)}
        />
        <div>
          <label htmlFor={`${id}-hidden`}>{t.achievements.hiddenLabel}</label>
          <p className="hint" id={`${id}-hidden-hint`}>
            {t.achievements.hiddenHint}
          </p>
        </div>
      </div>
      {LANGS.map((lang) => (
        <fieldset key={lang} className="translation">
          <legend>{t.achievements.translation(t.langTitles[lang] ?? lang)}</legend>
          <Field
            inputId={fieldId(`${lang}.name`)}
            label={t.achievements.nameLabel(t.langNames[lang] ?? lang)}
            hint={t.achievements.nameHint}
            error={fieldErrors[`${lang}.name`]}
          >
            {(control) => (
              <input
                {...control}
                name={`${lang.toLowerCase()}-name`}
                type="text"
                lang={lang.toLowerCase()}
                autoComplete="off"
                value={draft.translations[lang].name}
                onChange={(e) => form.setText(lang, "name", e.target.value)}
              />
            )}
          </Field>
          <Field
            inputId={fieldId(`${lang}.description`)}
            label={t.achievements.descriptionLabel(t.langNames[lang] ?? lang)}
            hint={t.achievements.descriptionHint}
            error={fieldErrors[`${lang}.description`]}
          >
            {(control) => (
              <textarea
                {...control}
                name={`${lang.toLowerCase()}-description`}
                lang={lang.toLowerCase()}
                rows={3}
                value={draft.translations[lang].description}
                onChange={(e) => form.setText(lang, "description", e.target.value)}
              />
            )}
          </Field>
        </fieldset>
      ))}
      <div className="actions">
        <button type="submit" className="primary" disabled={form.busy} aria-busy={form.busy || undefined}>
          {form.busy ? t.achievements.submitting : t.achievements.submit}
        </button>
      </div>
    </form>
  );
}
