// Live events over graphql-transport-ws at /graphql (the same origin as POST /graphql).
import { useEffect, useRef } from "react";
import { createClient } from "graphql-ws";
import type { Client } from "graphql-ws";
import type { AwardEventsSubscription } from "../gql/graphql";
import { GRAPHQL_PATH } from "./client";

export type LiveEvent = AwardEventsSubscription["awardEvents"];

let client: Client | undefined;

/**
 * One socket for the page, anonymous: the console shows hidden achievements as the public sees
 * them (placeholders) in the feed.
 */
function socket(): Client {
  if (!client) {
    client = createClient({
      url: `${window.location.origin.replace(/^http/, "ws")}${GRAPHQL_PATH}`,
      lazy: true,
      // Reconnect for as long as the page is open (a restarted server, a network change).
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
    });
  }
  return client;
}

/**
 * Calls `onEvent` for every event committed while the component is mounted: one user's, or every
 * user's when `userId` is null. `onStatus` hears whether the subscription is live.
 */
export function useAwardEvents(
  document: string,
  userId: string | null,
  onEvent: (e: LiveEvent) => void,
  onStatus?: (live: boolean) => void,
): void {
  const handlers = useRef({ onEvent, onStatus });
  useEffect(() => {
    handlers.current = { onEvent, onStatus };
  });
  useEffect(() => {
    const c = socket();
    const offConnected = c.on("connected", () => handlers.current.onStatus?.(true));
    const offClosed = c.on("closed", () => handlers.current.onStatus?.(false));
    const stop = c.subscribe<AwardEventsSubscription>(
      { query: document, variables: { userId } },
      {
        next: (r) => {
          if (r.data) handlers.current.onEvent(r.data.awardEvents);
        },
        error: () => handlers.current.onStatus?.(false),
        complete: () => {},
      },
    );
    return () => {
      stop();
      offConnected();
      offClosed();
    };
  }, [document, userId]);
}
