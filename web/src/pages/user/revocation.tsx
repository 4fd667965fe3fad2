import { useCallback, useId, useState } from "react";
import { graphql } from "../../gql";
import { useApiKey } from "../../auth/use-api-key";
import { useErrorText } from "../../components/use-error-text";
import { useAsync } from "../../graphql/hooks";
import { request } from "../../graphql/client";
import { useI18n } from "../../i18n/use-i18n";
import { Empty, ErrorState, Loading } from "../../components/states";

const RevokeAwardMutation = graphql(`
  mutation RevokeAward($input: RevokeAwardInput!) {
    revokeAward(input: $input) {
      revoked
      award {
        id
        revokedAt
      }
    }
  }
`);

const RevokedAwardsQuery = graphql(`
  query RevokedAwards($id: ID!) {
    user(id: $id) {
      id
      timeZone
      revokedAwards(first: 100) {
        totalCount
        edges {
          node {
            id
            name
            language
            points
            awardedAt
            revokedAt
            revocationReason
            revokedBy
          }
        }
      }
    }
  }
`);

/** Reasons are 1–500 characters after trimming (the server says the same). */
const REASON_MAX = 500;

/**
 * Takes an award back with a reason. Shown only for a key of scope admin: the server would refuse
 * any other key (FORBIDDEN), and the console knows the key's scope from `apiKey`.
 */
export function RevokeControl({
  userId,
  achievementId,
  awardName,
  onRevoked,
}: {
  userId: string;
  achievementId: string;
  awardName: string;
  onRevoked: () => void;
}) {
  const { t } = useI18n();
  const { keyInfo, mutate } = useApiKey();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  if (keyInfo?.scope !== "ADMIN") return null;

  if (!open) {
    return (
      <button type="button" className="revoke-open" onClick={() => setOpen(true)} aria-label={t.revoke.openFor(awardName)}>
        {t.revoke.open}
      </button>
    );
  }
  const submit = async () => {
    const trimmed = reason.trim();
    if ([...trimmed].length < 1 || [...trimmed].length > REASON_MAX) {
      setError(t.revoke.reasonRule);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await mutate(RevokeAwardMutation, { input: { userId, achievementId, reason: trimmed } });
      setOpen(false);
      setReason("");
      onRevoked();
    } catch (e) {
      const { text, detail } = errorText(e);
      setError(detail ? `${text} ${detail}` : text);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="revoke-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label htmlFor={`${id}-reason`}>{t.revoke.reasonLabel}</label>
      <p className="hint" id={`${id}-hint`}>
        {t.revoke.reasonHint}
      </p>
      <textarea
        id={`${id}-reason`}
        rows={2}
        value={reason}
        maxLength={REASON_MAX * 2}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        onChange={(e) => setReason(e.target.value)}
      />
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="danger" disabled={busy} aria-busy={busy || undefined}>
          {busy ? t.revoke.submitting : t.revoke.submit}
        </button>
        <button type="button" onClick={() => setOpen(false)} disabled={busy}>
          {t.revoke.cancel}
        </button>
      </div>
    </form>
  );
}

/** The user's revoked awards, most recently revoked first, with reason, time and key. */
export function RevokedAwards({ userId }: { userId: string }) {
  const { t, n, dateTime, lang } = useI18n();
  const load = useCallback((signal: AbortSignal) => request(RevokedAwardsQuery, { id: userId }, { signal }), [userId]);
  const state = useAsync(load);
  const list = state.data?.user?.revokedAwards;
  const zone = state.data?.user?.timeZone;
  return (
    <section aria-labelledby="revoked-heading">
      <h2 id="revoked-heading">
        {t.revoke.heading} {list && <span className="count">({n(list.totalCount)})</span>}
      </h2>
      <p className="hint">{t.revoke.listHint}</p>
      {state.loading && !state.data ? (
        <Loading />
      ) : state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : !list || list.edges.length === 0 ? (
        <Empty>{t.revoke.none}</Empty>
      ) : (
        <ol className="award-list" data-testid="revoked-list">
          {list.edges.map(({ node: a }) => (
            <li key={a.id} className="card award-card revoked-card" lang={a.language.toLowerCase()}>
              <div className="award-head">
                <h3 className="card-title">{a.name}</h3>
                <span className="badge" lang={lang}>
                  {t.plural.points(a.points)}
                </span>
              </div>
              <p lang={lang}>
                {t.revoke.reason}: <q data-testid="revocation-reason">{a.revocationReason}</q>
              </p>
              <p className="muted" lang={lang}>
                {t.revoke.revokedOn}: <time dateTime={a.revokedAt ?? undefined}>{a.revokedAt ? dateTime(a.revokedAt, zone) : ""}</time>
                {" · "}
                {t.revoke.by(a.revokedBy ?? "")} · {t.user.awardedOn}: <time dateTime={a.awardedAt}>{dateTime(a.awardedAt, zone)}</time>
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
