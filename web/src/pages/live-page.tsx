import { useState } from "react";
import { AwardEventsDocument } from "../graphql/events-document";
import { useAwardEvents } from "../graphql/events";
import type { LiveEvent } from "../graphql/events";
import { useI18n } from "../i18n/use-i18n";
import { href } from "../router";

/** The newest events kept on screen. */
const KEEP = 100;

export function LivePage() {
  const { t, dateTime } = useI18n();
  const [events, setEvents] = useState<LiveEvent[]>([]);
  const [live, setLive] = useState(false);
  useAwardEvents(AwardEventsDocument.toString(), null, (e) => setEvents((list) => [e, ...list].slice(0, KEEP)), setLive);

  return (
    <>
      <h1>{t.live.title}</h1>
      <p>
        {t.live.intro}{" "}
        <span className={live ? "status-live" : "status-off"} data-testid="live-status" role="status">
          {live ? t.live.connected : t.live.disconnected}
        </span>
      </p>
      {events.length === 0 ? (
        <p className="empty">{t.live.empty}</p>
      ) : (
        <ol className="live-feed" data-testid="live-feed" aria-live="polite">
          {events.map((e) => (
            <li key={e.id} data-kind={e.kind} data-testid="live-event">
              <time dateTime={e.at}>{dateTime(e.at)}</time>{" "}
              {e.award ? (
                <>
                  <a href={href(`/users/${encodeURIComponent(e.userId)}`)}>{e.award.user.name}</a>{" "}
                  {e.kind === "REVOKED" ? t.live.revoked : t.live.unlocked} <strong>{e.award.name}</strong> ({t.live.points(e.award.points)}
                  )
                </>
              ) : e.progress ? (
                <>
                  <a href={href(`/users/${encodeURIComponent(e.userId)}`)}>{e.progress.user.name}</a> {t.live.progressed}{" "}
                  <strong>{e.progress.achievement.name}</strong> {e.progress.current}/{e.progress.target}
                </>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
