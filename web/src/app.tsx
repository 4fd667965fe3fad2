import { useEffect, useRef, type ReactNode } from "react";
import { useI18n } from "./i18n/use-i18n";
import { useApiKey } from "./auth/use-api-key";
import { href, useLocation } from "./router";
import { UsersPage } from "./pages/users-page";
import { UserPage } from "./pages/user-page";
import { AchievementsPage } from "./pages/achievements/achievements-page";
import { AwardPage } from "./pages/award/award-page";
import { StatsPage } from "./pages/stats/stats-page";
import { LeaderboardsPage } from "./pages/leaderboards/leaderboards-page";
import { leaderboardView } from "./pages/leaderboards/leaderboard-view";
import { LivePage } from "./pages/live-page";
import { WebhooksPage } from "./pages/webhooks-page";

type Section = "users" | "achievements" | "award" | "stats" | "leaderboards" | "live" | "webhooks" | "none";

export function App() {
  const { t, lang, setLang } = useI18n();
  const { hasKey, keyInfo, forget, askForKey } = useApiKey();
  const loc = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  let section: Section = "none";
  let page: ReactNode;
  let title = t.common.notFound;
  const userMatch = /^\/users\/([^/]+)$/.exec(loc.path);
  if (loc.path === "/users" || loc.path === "/") {
    section = "users";
    title = t.users.title;
    page = <UsersPage initialSearch={loc.query.get("q") ?? ""} />;
  } else if (userMatch) {
    section = "users";
    title = t.users.title;
    const id = decodeURIComponent(userMatch[1]!);
    page = <UserPage key={id} id={id} />;
  } else if (loc.path === "/achievements") {
    section = "achievements";
    title = t.achievements.title;
    page = <AchievementsPage />;
  } else if (loc.path === "/award") {
    section = "award";
    title = t.award.title;
    page = (
      <AwardPage
        key={`${loc.query.get("user") ?? ""}:${loc.query.get("achievement") ?? ""}`}
        initialUserId={loc.query.get("user") ?? undefined}
        initialAchievementId={loc.query.get("achievement") ?? undefined}
      />
    );
  } else if (loc.path === "/stats") {
    section = "stats";
    title = t.stats.title;
    const d = Number(loc.query.get("days") ?? "7");
    page = <StatsPage initialDays={Number.isInteger(d) && d >= 1 && d <= 3660 ? d : 7} />;
  } else if (loc.path === "/leaderboards") {
    section = "leaderboards";
    title = t.leaderboards.title;
    page = <LeaderboardsPage view={leaderboardView(loc.query)} />;
  } else if (loc.path === "/live") {
    section = "live";
    title = t.live.title;
    page = <LivePage />;
  } else if (loc.path === "/webhooks") {
    section = "webhooks";
    title = t.webhooks.title;
    page = <WebhooksPage />;
  } else {
    page = <h1>{t.common.notFound}</h1>;
  }

  useEffect(() => {
    document.title = `${title} · ${t.appTitle}`;
  }, [title, t.appTitle]);

  // Move focus to the new page so keyboard and screen reader users start there.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [loc.path]);

  const navItem = (target: Section, path: string, label: string) => (
    <li>
      <a href={href(path)} aria-current={section === target ? "page" : undefined}>
        {label}
      </a>
    </li>
  );

  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          mainRef.current?.focus();
        }}
      >
        {t.skipToContent}
      </a>
      <header className="site-header">
        <div className="header-inner">
          <a className="brand" href={href("/users")}>
            <svg aria-hidden="true" width="24" height="24" viewBox="0 0 24 24">
              <path d="M7 3h10v4a5 5 0 0 1-10 0V3Zm-3 1h3v2a2 2 0 0 1-3-2Zm16 0h-3v2a2 2 0 0 0 3-2ZM10 14h4v3h3v3H7v-3h3z" />
            </svg>
            {t.appTitle}
          </a>
          <nav aria-label={t.nav.label}>
            <ul>
              {navItem("users", "/users", t.nav.users)}
              {navItem("achievements", "/achievements", t.nav.achievements)}
              {navItem("award", "/award", t.nav.award)}
              {navItem("stats", "/stats", t.nav.stats)}
              {navItem("leaderboards", "/leaderboards", t.nav.leaderboards)}
              {navItem("live", "/live", t.nav.live)}
              {navItem("webhooks", "/webhooks", t.nav.webhooks)}
            </ul>
          </nav>
          <div className="header-tools">
            <div className="lang-switch" role="group" aria-label={t.switchLanguage}>
              {(["ru", "en"] as const).map((l) => (
                <button key={l} type="button" lang={l} aria-pressed={lang === l} onClick={() => setLang(l)} data-testid={`lang-${l}`}>
                  {l === "ru" ? "RU" : "EN"}
                  <span className="visually-hidden">{l === "ru" ? " — Русский" : " — English"}</span>
                </button>
              ))}
            </div>
            {hasKey ? (
              <>
                {keyInfo && (
                  <span className="key-info" data-testid="key-info" title={t.apiKey.scope(keyInfo.scope)}>
                    {t.apiKey.current(keyInfo.name)} ({t.apiKey.scope(keyInfo.scope)})
                  </span>
                )}
                <button type="button" className="key-button" onClick={forget} data-testid="forget-key">
                  {t.apiKey.forget}
                </button>
              </>
            ) : (
              <button type="button" className="key-button" onClick={() => void askForKey()} data-testid="enter-key">
                {t.apiKey.enter}
              </button>
            )}
          </div>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {page}
      </main>
      <footer className="site-footer">
        <p>
          {t.footer} <a href="/graphql">/graphql</a>
        </p>
      </footer>
    </>
  );
}
