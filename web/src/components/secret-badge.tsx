import { useI18n } from "../i18n/use-i18n";

/** Marks a hidden achievement: secret until earned (its texts need an admin key). */
export function SecretBadge() {
  const { t } = useI18n();
  return (
    <span className="badge badge-secret" title={t.achievements.secretTitle} data-testid="secret-badge">
      <span aria-hidden="true">🔒 </span>
      {t.achievements.secret}
    </span>
  );
}
