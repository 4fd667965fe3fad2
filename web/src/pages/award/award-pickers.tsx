import { Combobox } from "../../components/combobox";
import { useErrorText } from "../../components/use-error-text";
import { useI18n } from "../../i18n/use-i18n";
import { achievementLabel, type AchievementOption, type useAchievementChoice } from "./use-achievement-choice";
import type { UserOption, useUserChoice } from "./use-user-choice";

export function UserPicker({
  choice,
  error,
  onPicked,
}: {
  choice: ReturnType<typeof useUserChoice>;
  error?: string;
  onPicked: () => void;
}) {
  const { t } = useI18n();
  const describeError = useErrorText();
  return (
    <div data-field="user">
      <Combobox<UserOption>
        label={t.award.userLabel}
        hint={t.award.userHint}
        name="user"
        error={error}
        text={choice.text}
        onTextChange={choice.setText}
        options={choice.options}
        selected={choice.selected}
        onSelect={(u) => {
          choice.select(u);
          onPicked();
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
        loading={choice.loading}
        loadError={choice.error ? describeError(choice.error).text : undefined}
      />
    </div>
  );
}

export function AchievementPicker({
  choice,
  error,
  onPicked,
}: {
  choice: ReturnType<typeof useAchievementChoice>;
  error?: string;
  onPicked: () => void;
}) {
  const { t } = useI18n();
  const { uiLang } = choice;
  return (
    <div data-field="achievement">
      <Combobox<AchievementOption>
        label={t.award.achievementLabel}
        hint={t.award.achievementHint}
        name="achievement"
        error={error ?? (choice.failed ? t.award.catalogueError : undefined)}
        text={choice.text}
        onTextChange={choice.setText}
        options={choice.options}
        selected={choice.selected}
        onSelect={(a) => {
          choice.select(a);
          onPicked();
        }}
        optionKey={(a) => a.id}
        optionLabel={(a) => achievementLabel(a, uiLang)}
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
        loading={choice.loading}
        loadError={choice.failed ? t.award.catalogueError : undefined}
      />
    </div>
  );
}
