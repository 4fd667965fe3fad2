import { useI18n } from "../../i18n/use-i18n";
import { userHref } from "../../router";

export type AwardResult = {
  created: boolean;
  award: {
    awardedAt: string;
    name: string;
    user: { id: string; name: string; timeZone: string; points: number; achievementCount: number };
  };
};

/** What the award did: given now, or held already (and since when), and where the user stands. */
export function AwardResultBanner({ result }: { result: AwardResult | null }) {
  const { t, dateTime } = useI18n();
  return (
    <div className="result-banner" role="status" data-testid="award-result" data-created={result ? String(result.created) : undefined}>
      {result && (
        <>
          <p>
            <strong>
              {result.created
                ? t.award.created(result.award.name, result.award.user.name)
                : t.award.existing(result.award.name, result.award.user.name, dateTime(result.award.awardedAt, result.award.user.timeZone))}
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
  );
}
