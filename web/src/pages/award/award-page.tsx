import { useState } from "react";
import { useI18n } from "../../i18n/use-i18n";
import { AchievementPicker, UserPicker } from "./award-pickers";
import { AwardResultBanner } from "./award-result";
import { BatchAward } from "./batch-award";
import { useAchievementChoice } from "./use-achievement-choice";
import { useAwardSubmit } from "./use-award-submit";
import { useUserChoice } from "./use-user-choice";
import { WhenField } from "./when-field";

export function AwardPage({ initialUserId, initialAchievementId }: { initialUserId?: string; initialAchievementId?: string }) {
  const { t } = useI18n();
  const user = useUserChoice(initialUserId);
  const achievement = useAchievementChoice(initialAchievementId);
  const [when, setWhen] = useState("");
  const { submit, errors, clearError, result, busy } = useAwardSubmit();

  return (
    <>
      <h1>{t.award.title}</h1>
      <form
        className="stack-form award-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit({ user: user.selected, achievement: achievement.selected, when });
        }}
      >
        <UserPicker choice={user} error={errors.user} onPicked={() => clearError("user")} />
        <AchievementPicker choice={achievement} error={errors.achievement} onPicked={() => clearError("achievement")} />
        <WhenField
          value={when}
          error={errors.when}
          onChange={(value) => {
            setWhen(value);
            clearError("when");
          }}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
            {busy ? t.award.submitting : t.award.submit}
          </button>
        </div>
        <div className="form-messages">
          <div className="error-banner" role="alert" data-testid="form-error">
            {errors.form}
          </div>
          <AwardResultBanner result={result} />
        </div>
      </form>
      <BatchAward />
    </>
  );
}
