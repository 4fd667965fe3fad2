import { createClient } from "graphql-ws";
import type { Client } from "graphql-ws";
import WebSocket from "ws";
import { waitUntil } from "./sync";

export interface Subscriber {
  /** Payloads received (`data` of each `next`), in order. */
  readonly received: Record<string, any>[];
  /** Errors the server sent for the subscription, or the socket's. */
  readonly errors: unknown[];
  /** Waits until `n` payloads have arrived and returns them. */
  take(n: number, what?: string): Promise<Record<string, any>[]>;
  close(): Promise<void>;
}

/** A graphql-transport-ws client on `baseUrl` (http://host:port) running one subscription. */
export function subscribe(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  connectionParams?: Record<string, unknown>,
): Subscriber {
  const client: Client = createClient({
    url: `${baseUrl.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
  const received: Record<string, any>[] = [];
  const errors: unknown[] = [];
  let completed = false;
  const dispose = client.subscribe<Record<string, any>>(
    { query, variables },
    {
      next: (r) => {
        if (r.errors) errors.push(...r.errors);
        if (r.data) received.push(r.data);
      },
      error: (e) => {
        errors.push(e);
        completed = true;
      },
      complete: () => {
        completed = true;
      },
    },
  );
  return {
    received,
    errors,
    async take(n, what = `${n} events`) {
      await waitUntil(what, () => received.length >= n || (completed && received.length < n));
      if (received.length < n) throw new Error(`the subscription ended after ${received.length} of ${n}: ${JSON.stringify(errors)}`);
      return received.slice(0, n);
    },
    async close() {
      dispose();
      await client.dispose();
    },
  };
}

/** Waits until the app's event hub has `n` started subscriptions. */
export async function subscribersStarted(events: { subscriberCount: number }, n: number): Promise<void> {
  await waitUntil(`${n} subscriptions started`, () => events.subscriberCount >= n);
}
