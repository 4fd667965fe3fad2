// npm run screenshots — saves PNGs of every page, desktop (English) and phone
// width 360 px (Russian), into ../docs/screenshots/. Uses the same server
// selection as the e2e tests (E2E_BASE_URL/E2E_API_KEY, or starts one).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser, LANG_STORAGE_KEY } from "./browser.mjs";
import { gql, projectRoot, startServer } from "./server.mjs";

const outDir = join(projectRoot, "docs", "screenshots");
mkdirSync(outDir, { recursive: true });

let server;
let browser;
try {
  server = await startServer();
  browser = await launchBrowser();
} catch (e) {
  await server?.stop();
  console.error(`screenshots: cannot start: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
let failures = 0;
try {
  // A user worth showing: the one with most achievements (else the first user).
  const d = await gql(
    server.baseUrl,
    `{ stats { mostAchievements { users(first: 1) { id } } } users(first: 1) { edges { node { id } } } }`,
  ).catch(() => gql(server.baseUrl, `{ users(first: 1) { edges { node { id } } } }`));
  const userId = d.stats?.mostAchievements?.users[0]?.id ?? d.users.edges[0]?.node.id ?? "1";
  // The demo user with a revoked award, seen with the admin key (the revoke controls show).
  const revoked = await gql(server.baseUrl, `{ userByName(name: "Emily Carter") { id } }`).catch(() => null);

  const pages = [
    { name: "users", path: "#/users", ready: ".user-card" },
    { name: "user", path: `#/users/${userId}`, ready: ".heatmap svg" },
    { name: "achievements", path: "#/achievements", ready: "table.catalogue" },
    { name: "award", path: `#/award?user=${userId}`, ready: "form.award-form", award: true },
    { name: "stats", path: "#/stats", ready: ".stat-grid" },
    ...(revoked?.userByName
      ? [{ name: "user-revoked", path: `#/users/${revoked.userByName.id}`, ready: "[data-testid=revoked-list]", admin: true }]
      : []),
    { name: "leaderboards", path: `#/leaderboards?around=${userId}`, ready: "table.board" },
  ];
  const variants = [
    { suffix: "desktop", lang: "en", viewport: { width: 1280, height: 900 } },
    { suffix: "phone", lang: "ru", viewport: { width: 360, height: 780 } },
  ];
  for (const v of variants) {
    const context = await browser.newContext({ viewport: v.viewport, deviceScaleFactor: 1, locale: v.lang === "ru" ? "ru-RU" : "en-US" });
    await context.addInitScript(([k, l]) => localStorage.setItem(k, l), [LANG_STORAGE_KEY, v.lang]);
    const page = await context.newPage();
    for (const p of pages) {
      const file = join(outDir, `${p.name}-${v.suffix}.png`);
      try {
        await page.goto(`${server.baseUrl}/${p.path}`);
        if (p.admin) {
          // The key as if entered in the dialog; a reload lets the console read it.
          await page.evaluate((k) => sessionStorage.setItem("achievements-console.api-key", k), server.apiKey);
          await page.reload();
        }
        await page.locator(p.ready).first().waitFor({ timeout: 20_000 });
        if (p.admin) {
          await page.getByTestId("key-info").waitFor({ timeout: 20_000 });
          // one revoke form open, as while revoking
          await page.locator(".revoke-open").first().click();
        }
        await page.waitForLoadState("networkidle");
        if (p.award) {
          // show the picker open with matches, as a person sees it while choosing
          const box = page.getByRole("combobox").nth(1);
          await box.click();
          await box.fill(v.lang === "ru" ? "а" : "a");
          await page.waitForTimeout(300);
        }
        await page.waitForTimeout(200);
        await page.screenshot({ path: file, fullPage: true });
        console.log(`saved ${file}`);
        if (p.admin) {
          await page.evaluate(() => sessionStorage.removeItem("achievements-console.api-key"));
          await page.reload();
        }
      } catch (e) {
        failures++;
        console.error(`failed ${p.name}-${v.suffix}: ${e instanceof Error ? e.message : e}`);
      }
    }
    // the API key dialog, once per variant
    try {
      await page.goto(`${server.baseUrl}/#/achievements`);
      await page.locator("table.catalogue").waitFor({ timeout: 20_000 });
      await page.getByTestId(`enter-key`).click();
      await page.getByRole("dialog").waitFor();
      const file = join(outDir, `api-key-dialog-${v.suffix}.png`);
      await page.screenshot({ path: file });
      console.log(`saved ${file}`);
    } catch (e) {
      failures++;
      console.error(`failed api-key-dialog-${v.suffix}: ${e instanceof Error ? e.message : e}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
if (failures > 0) {
  console.error(`screenshots: ${failures} failed`);
  process.exit(1);
}
console.log(`screenshots: saved in ${outDir}`);
