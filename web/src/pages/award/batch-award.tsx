import { useId, useState } from "react";
import { graphql } from "../../gql";
import type { AwardAchievementsMutation } from "../../gql/graphql";
import { useApiKey } from "../../auth/use-api-key";
import { useErrorText } from "../../components/use-error-text";
import { useI18n } from "../../i18n/use-i18n";
import { userHref } from "../../router";
import { BATCH_MAX, parseAwardCsv } from "../../lib/award-csv";
import type { CsvRow } from "../../lib/award-csv";

const AwardAchievementsMutation = graphql(`
  mutation AwardAchievements($inputs: [AwardAchievementInput!]!) {
    awardAchievements(inputs: $inputs) {
      index
      result {
        created
        award {
          id
          awardedAt
          name
          user {
            id
            name
          }
        }
      }
      error {
        code
        message
        field
      }
    }
  }
`);

type Item = AwardAchievementsMutation["awardAchievements"][number];

/** Awards many at once from pasted CSV (awardAchievements), with the outcome of every row. */
export function BatchAward() {
  const { t, n, dateTime } = useI18n();
  const { mutate } = useApiKey();
  const errorText = useErrorText();
  const id = useId();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ rows: CsvRow[]; items: Item[] } | null>(null);

  const submit = async () => {
    const { rows, bad } = parseAwardCsv(text);
    setOutcome(null);
    if (bad.length > 0) return setError(t.batch.badLines(bad.slice(0, 10).join(", ")));
    if (rows.length === 0) return setError(t.batch.empty);
    if (rows.length > BATCH_MAX) return setError(t.batch.tooMany(n(rows.length), n(BATCH_MAX)));
    setError(null);
    setBusy(true);
    try {
      const d = await mutate(AwardAchievementsMutation, {
        inputs: rows.map((r) => ({ userId: r.userId, achievementId: r.achievementId, awardedAt: r.awardedAt ?? null })),
      });
      setOutcome({ rows, items: d.awardAchievements });
    } catch (e) {
      const { text: message, detail } = errorText(e);
      setError(detail ? `${message} ${detail}` : message);
    } finally {
      setBusy(false);
    }
  };

  const counts = outcome && {
    created: outcome.items.filter((i) => i.result?.created).length,
    held: outcome.items.filter((i) => i.result && !i.result.created).length,
    failed: outcome.items.filter((i) => i.error).length,
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="batch-award">
      <h2 id={`${id}-heading`}>{t.batch.heading}</h2>
      <form
        className="stack-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className={`field${error ? " has-error" : ""}`}>
          <label htmlFor={`${id}-csv`}>{t.batch.label}</label>
          <p className="hint" id={`${id}-hint`}>
            {t.batch.hint(n(BATCH_MAX))}
          </p>
          <textarea
            id={`${id}-csv`}
            rows={6}
            value={text}
            spellCheck={false}
            placeholder={"userId,achievementId,awardedAt\n12,3,2025-05-01T10:00:00Z\n12,4"}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
            onChange={(e) => {
              setText(e.target.value);
              setError(null);
            }}
          />
          {error && (
            <p className="field-error" id={`${id}-error`} role="alert" data-testid="batch-error">
              {error}
            </p>
          )}
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
            {busy ? t.batch.submitting : t.batch.submit}
          </button>
        </div>
      </form>
      <div role="status" data-testid="batch-summary">
        {counts && <p>{t.batch.summary(n(counts.created), n(counts.held), n(counts.failed))}</p>}
      </div>
      {outcome && (
        <div className="table-wrap">
          <table className="catalogue batch-results" data-testid="batch-results">
            <caption className="visually-hidden">{t.batch.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.batch.line}</th>
                <th scope="col">{t.batch.user}</th>
                <th scope="col">{t.batch.achievement}</th>
                <th scope="col">{t.batch.outcome}</th>
              </tr>
            </thead>
            <tbody>
              {outcome.items.map((item) => {
                const row = outcome.rows[item.index]!;
                const r = item.result;
                return (
                  <tr key={item.index} data-outcome={r ? (r.created ? "created" : "held") : "error"}>
                    <td>{row.line}</td>
                    <td>{r ? <a href={userHref(r.award.user.id)}>{r.award.user.name}</a> : row.userId}</td>
                    <td>{r ? r.award.name : row.achievementId}</td>
                    <td>
                      {r
                        ? r.created
                          ? t.batch.created(dateTime(r.award.awardedAt))
                          : t.batch.held(dateTime(r.award.awardedAt))
                        : `${t.errors[item.error!.code] ?? item.error!.code}${item.error!.field ? ` (${item.error!.field})` : ""}: ${item.error!.message}`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
