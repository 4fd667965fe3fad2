// axe-core's WCAG 2.x A/AA rules on every page, in both languages and at phone width.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { launchBrowser, LANG_STORAGE_KEY } from "../browser.mjs";
import { gql } from "../server.mjs";

const BASE = (process.env.E2E_BASE_URL ?? "").replace(/\/+$/, "");
if (!BASE) throw new Error("run through `npm run test:e2e`");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let browser;
let userId = "1";
before(async () => {
  browser = await launchBrowser();
  const d = await gql(BASE, `{ users(first: 100) { edges { node { id achievementCount } } } }`);
  const withAwards = d.users.edges.map((e) => e.node).sort((a, b) => b.achievementCount - a.achievementCount)[0];
  if (withAwards) userId = withAwards.id;
});
after(async () => {
  await browser?.close();
});

async function violations(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
}

const pages = [
  ["users", "#/users", ".user-card"],
  ["user", () => `#/users/${userId}`, ".heatmap svg"],
  ["achievements", "#/achievements", "table.catalogue"],
  ["award", "#/award", "form.award-form"],
  ["stats", "#/stats", ".stat-grid"],
  ["leaderboards", "#/leaderboards", "table.board"],
];

describe("accessibility (axe-core, WCAG 2.1 A/AA)", () => {
  for (const [lang, viewport] of [
    ["en", { width: 1280, height: 900 }],
    ["ru", { width: 360, height: 740 }],
  ]) {
    test(`every page has no violations (${lang}, ${viewport.width}px)`, async () => {
      // axe-core goes in as an inline script, which the console's Content-Security-Policy (sent by
      // the API as by nginx) refuses; the console itself runs under the policy in the other tests.
      const context = await browser.newContext({ viewport, bypassCSP: true });
      await context.addInitScript(([k, v]) => localStorage.setItem(k, v), [LANG_STORAGE_KEY, lang]);
      const page = await context.newPage();
      const found = [];
      try {
        for (const [name, path, ready] of pages) {
          await page.goto(`${BASE}/${typeof path === "function" ? path() : path}`);
          await page.locator(ready).first().waitFor({ timeout: 15_000 });
          await page.waitForLoadState("networkidle");
          for (const v of await violations(page)) found.push({ page: name, ...v });
        }
        // the key dialog too
        await page.getByTestId("enter-key").click();
        await page.getByRole("dialog").waitFor();
        for (const v of await violations(page)) found.push({ page: "api-key-dialog", ...v });
      } finally {
        await context.close();
      }
      assert.deepEqual(found, [], JSON.stringify(found, null, 2));
    });
  }
});
