import { useI18n } from "../i18n/use-i18n";

/** Marks a hidden achievement: secret until earned (its texts need an admin key). */
export function SecretBadge() {
  const { t } = useI18n();
  return (
    <span className="badge badge-secret" title={t.achievements.secretTitle} data-testid="secret-badge">
      <svg className="lock-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
        <rect x="3" y="7" width="10" height="8" rx="1.5" fill="currentColor" />
        <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.8" />
      </svg>{" "}
      {t.achievements.secret}
    </span>
  );
}
