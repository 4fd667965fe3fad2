import { useState } from "react";
import { graphql } from "../../gql";
import { RequestError } from "../../graphql/client";
import { KeyCancelledError, useApiKey } from "../../auth/use-api-key";
import { useErrorText } from "../../components/use-error-text";
import { useI18n } from "../../i18n/use-i18n";
import {
  mapAchievementServerErrors,
  validateAchievement,
  type AchievementDraft,
  type AchievementField,
  type Lang,
} from "../../lib/validation";

const CreateAchievementMutation = graphql(`
  mutation CreateAchievement($input: CreateAchievementInput!) {
    createAchievement(input: $input) {
      id
      points
      hidden
      steps
      holderCount
      translations {
        language
        name
        description
      }
    }
  }
`);

const EMPTY: AchievementDraft = {
  points: "",
  translations: { EN: { name: "", description: "" }, RU: { name: "", description: "" } },
  hidden: false,
  steps: "",
};

export type FieldMessages = Partial<Record<AchievementField, string>>;

const FIELD_ORDER: AchievementField[] = ["points", "steps", "EN.name", "EN.description", "RU.name", "RU.description"];

/**
 * The add-achievement form's state and sending: checked here first, then created with the API
 * key; the server's BAD_USER_INPUT and CONFLICT go back to the fields they name.
 * `focusField` moves the focus to the first field in error.
 */
export function useAddAchievement(onCreated: () => void, focusField: (field: AchievementField) => void) {
  const { t } = useI18n();
  const { mutate } = useApiKey();
  const describeError = useErrorText();
  const [draft, setDraft] = useState<AchievementDraft>(EMPTY);
  const [fieldErrors, setFieldErrors] = useState<FieldMessages>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [success, setSuccess] = useState("");
  const [busy, setBusy] = useState(false);

  const focusFirstError = (errors: FieldMessages) => {
    const first = FIELD_ORDER.find((f) => errors[f]);
    if (first) focusField(first);
  };

  const setPoints = (value: string) => {
    setDraft((d) => ({ ...d, points: value }));
    setFieldErrors((x) => ({ ...x, points: undefined }));
  };

  const setHidden = (value: boolean) => setDraft((d) => ({ ...d, hidden: value }));

  const setSteps = (value: string) => {
    setDraft((d) => ({ ...d, steps: value }));
    setFieldErrors((x) => ({ ...x, steps: undefined }));
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

  return { draft, setPoints, setHidden, setSteps, setText, fieldErrors, formErrors, success, busy, submit };
}
