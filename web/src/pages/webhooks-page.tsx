import { useCallback, useState } from "react";
import { graphql } from "../gql";
import type { AwardEventKind } from "../gql/graphql";
import { useAsync } from "../graphql/hooks";
import { useApiKey } from "../auth/use-api-key";
import { RequestError } from "../graphql/client";
import { useI18n } from "../i18n/use-i18n";

const WebhooksDocument = graphql(`
  query Webhooks {
    webhooks {
      id
      url
      events
      createdAt
      deliveries(first: 10) {
        eventId
        status
        attempts
        lastStatusCode
        lastError
        lastAttemptAt
        nextAttemptAt
      }
    }
  }
`);

const CreateWebhookDocument = graphql(`
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      secret
      webhook {
        id
      }
    }
  }
`);

const DeleteWebhookDocument = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id)
  }
`);

const KINDS: AwardEventKind[] = ["AWARDED" as AwardEventKind, "REVOKED" as AwardEventKind, "PROGRESSED" as AwardEventKind];

/** Webhooks (admin key): the list with each one's recent deliveries, create (the secret shown once), delete. */
export function WebhooksPage() {
  const { t, dateTime } = useI18n();
  const { mutate } = useApiKey();
  const [error, setError] = useState("");
  const [url, setUrl] = useState("");
  const [kinds, setKinds] = useState<Set<AwardEventKind>>(new Set([KINDS[0]!]));
  const [secret, setSecret] = useState("");
  const [busy, setBusy] = useState(false);

  const messageOf = useCallback(
    (e: unknown) => (e instanceof RequestError ? (e.errors[0]?.message ?? e.message) : e instanceof Error ? e.message : String(e)),
    [],
  );
  const fetchHooks = useCallback(async () => (await mutate(WebhooksDocument, {})).webhooks, [mutate]);
  const state = useAsync(fetchHooks);
  const hooks = state.data ?? null;
  const load = state.reload;

  async function create() {
    setBusy(true);
    setSecret("");
    try {
      const r = await mutate(CreateWebhookDocument, { input: { url, events: [...kinds] } });
      setSecret(r.createWebhook.secret);
      setUrl("");
      setError("");
      load();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function remove(id: string) {
    try {
      await mutate(DeleteWebhookDocument, { id });
      load();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <>
      <h1>{t.webhooks.title}</h1>
      <p>{t.webhooks.intro}</p>
      <form
        className="webhook-form"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label>
          {t.webhooks.url} <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} data-testid="webhook-url" />
        </label>
        <fieldset>
          <legend>{t.webhooks.kinds}</legend>
          {KINDS.map((k) => (
            <label key={k}>
              <input
                type="checkbox"
                checked={kinds.has(k)}
                onChange={(e) =>
                  setKinds((s) => {
                    const n = new Set(s);
                    if (e.target.checked) n.add(k);
                    else n.delete(k);
                    return n;
                  })
                }
              />{" "}
              {k}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={busy} data-testid="webhook-create">
          {t.webhooks.create}
        </button>
      </form>
      {secret && (
        <p className="webhook-secret" role="status" data-testid="webhook-secret">
          {t.webhooks.secretOnce} <code>{secret}</code>
        </p>
      )}
      {(error || state.error) && (
        <p className="error" role="alert" data-testid="webhook-error">
          {error || (state.error ? messageOf(state.error) : "")}
        </p>
      )}
      {hooks && hooks.length === 0 && <p>{t.webhooks.none}</p>}
      {hooks?.map((h) => (
        <section key={h.id} className="webhook" data-testid="webhook">
          <h2>
            <code>{h.url}</code>
          </h2>
          <p>
            {h.events.join(", ")} · {dateTime(h.createdAt)}{" "}
            <button type="button" onClick={() => void remove(h.id)} data-testid="webhook-delete">
              {t.webhooks.delete}
            </button>
          </p>
          {h.deliveries.length === 0 ? (
            <p>{t.webhooks.noDeliveries}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{t.webhooks.event}</th>
                  <th>{t.webhooks.status}</th>
                  <th>{t.webhooks.attempts}</th>
                  <th>{t.webhooks.lastError}</th>
                  <th>{t.webhooks.nextAttempt}</th>
                </tr>
              </thead>
              <tbody>
                {h.deliveries.map((d) => (
                  <tr key={d.eventId} data-testid="delivery">
                    <td>{d.eventId}</td>
                    <td>{d.status}</td>
                    <td>{d.attempts}</td>
                    <td>{d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : "")}</td>
                    <td>{d.nextAttemptAt ? dateTime(d.nextAttemptAt) : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
      <p>
        <button type="button" onClick={load}>
          {t.webhooks.refresh}
        </button>
      </p>
    </>
  );
}
