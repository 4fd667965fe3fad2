import { useState } from "react";
import { graphql } from "../../gql";
import { RequestError } from "../../graphql/client";
import { useApiKey } from "../../auth/use-api-key";
import { useErrorText } from "../../components/use-error-text";
import { useI18n } from "../../i18n/use-i18n";
import { checkAwardedAt } from "../../lib/validation";
import type { AwardResult } from "./award-result";

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

export type AwardErrors = { user?: string; achievement?: string; when?: string; form?: string };

/** The form's field for an input field the server names in `extensions.field`. */
function formField(serverField: string): keyof AwardErrors {
  if (serverField === "awardedAt") return "when";
  if (serverField === "userId") return "user";
  if (serverField === "achievementId") return "achievement";
  return "form";
}

/**
 * Sending the award form: checks it here first (focusing the first wrong field), then sends it
 * with the API key and puts the server's BAD_USER_INPUT or NOT_FOUND at the field it names.
 */
export function useAwardSubmit() {
  const { t } = useI18n();
  const { mutate } = useApiKey();
  const describeError = useErrorText();
  const [errors, setErrors] = useState<AwardErrors>({});
  const [result, setResult] = useState<AwardResult | null>(null);
  const [busy, setBusy] = useState(false);

  const clearError = (field: keyof AwardErrors) => setErrors((x) => ({ ...x, [field]: undefined }));

  async function submit(form: { user: { id: string } | null; achievement: { id: string } | null; when: string }) {
    setResult(null);
    const next: AwardErrors = {};
    if (!form.user) next.user = t.validation.chooseUser;
    if (!form.achievement) next.achievement = t.validation.chooseAchievement;
    const when = checkAwardedAt(form.when, Date.now());
    if (when.error) next.when = t.validation[when.error];
    setErrors(next);
    if (next.user || next.achievement || when.error !== undefined || !form.user || !form.achievement) {
      const firstField = next.user ? "user" : next.achievement ? "achievement" : "when";
      document.querySelector<HTMLElement>(`[data-field="${firstField}"] input`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const r = await mutate(AwardMutation, {
        input: { userId: form.user.id, achievementId: form.achievement.id, awardedAt: when.awardedAt },
      });
      setResult(r.awardAchievement);
      setErrors({});
    } catch (e) {
      if (e instanceof RequestError && (e.hasCode("BAD_USER_INPUT") || e.hasCode("NOT_FOUND"))) {
        const err = e.errors.find((x) => x.extensions?.code === "BAD_USER_INPUT" || x.extensions?.code === "NOT_FOUND");
        const code = String(err?.extensions?.code);
        const field = String(err?.extensions?.field ?? "").replace(/^input\./, "");
        const msg = `${t.errors[code] ?? ""} ${t.errors.server} ${err?.message ?? e.message}`.trim();
        setErrors({ [formField(field)]: msg });
      } else {
        const { text, detail } = describeError(e);
        setErrors({ form: detail ? `${text} ${t.errors.server} ${detail}` : text });
      }
    } finally {
      setBusy(false);
    }
  }

  return { submit, errors, clearError, result, busy };
}
