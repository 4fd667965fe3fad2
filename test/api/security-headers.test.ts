import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import request from "supertest";
import type { Express } from "express";
import type { ApolloServer } from "@apollo/server";
import { createApp } from "../../src/app";
import { createApiKeys } from "../../src/auth/api-keys";
import type { Context } from "../../src/graphql/context";
import { CONSOLE_CSP, SECURITY_HEADERS } from "../../src/http/security-headers";
import { startTestApp } from "../helpers/test-app";
import type { TestApp } from "../helpers/test-app";

/** The API's own answers carry the security headers nginx adds (api-contract.md: the service also runs without nginx). */

let t: TestApp;
let app: Express;
let apollo: ApolloServer<Context>;
let webDir: string;
beforeAll(async () => {
  t = await startTestApp();
  webDir = fs.mkdtempSync(path.join(os.tmpdir(), "console-"));
  fs.mkdirSync(path.join(webDir, "assets"));
  fs.writeFileSync(path.join(webDir, "index.html"), "<!doctype html><title>console</title>");
  fs.writeFileSync(path.join(webDir, "assets", "index-abc123.js"), "console.log(1)");
  ({ app, apollo } = await createApp({ db: t.db, logger: pino({ level: "silent" }), apiKeys: createApiKeys([]), webDir }));
});
afterAll(async () => {
  await apollo.stop();
  await t.close();
  fs.rmSync(webDir, { recursive: true, force: true });
});

const NGINX_CONF = fs.readFileSync(path.join(__dirname, "..", "..", "nginx.conf"), "utf8");

/** nginx.conf's `add_header Name value always;` lines with a literal value. */
function nginxHeaders(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of NGINX_CONF.matchAll(/^\s*add_header\s+(\S+)\s+("([^"]*)"|([^\s$;]+))\s+always;/gm)) {
    out[m[1]!] = m[3] ?? m[4]!;
  }
  return out;
}

test("the headers are nginx.conf's, and so is the console's Content-Security-Policy", () => {
  const fromNginx = nginxHeaders();
  expect(Object.keys(fromNginx).sort()).toEqual(Object.keys(SECURITY_HEADERS).sort());
  expect(fromNginx).toEqual(SECURITY_HEADERS);
  const csp = /map \$uri \$content_security_policy \{[^}]*default "([^"]+)";/.exec(NGINX_CONF)?.[1];
  expect(csp).toBe(CONSOLE_CSP);
  // nginx sends none on /graphql (Apollo Sandbox loads from Apollo's CDN) and hides the API's own.
  expect(NGINX_CONF).toMatch(/\/graphql "";\n\s*default "default-src/);
  for (const name of [...Object.keys(SECURITY_HEADERS), "Content-Security-Policy"]) {
    expect(NGINX_CONF).toContain(`proxy_hide_header ${name};`);
  }
});

function expectSecurityHeaders(headers: Record<string, string>, csp: boolean): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect([name, headers[name.toLowerCase()]]).toEqual([name, value]);
  if (csp) expect(headers["content-security-policy"]).toBe(CONSOLE_CSP);
  else expect(headers["content-security-policy"]).toBeUndefined();
}

test.each([
  ["/", "the console's page"],
  ["/users/1", "a console route"],
  ["/assets/index-abc123.js", "a console asset"],
  ["/healthz", "health"],
])("GET %s (%s) carries every header and the console's CSP", async (url) => {
  const r = await request(app).get(url);
  expect(r.status).toBe(200);
  expectSecurityHeaders(r.headers as Record<string, string>, true);
});

test("POST /graphql carries every header; no CSP there, as nginx", async () => {
  const r = await request(app).post("/graphql").send({ query: "{ __typename }" });
  expect(r.status).toBe(200);
  expectSecurityHeaders(r.headers as Record<string, string>, false);
});

test("GET /graphql in a browser still gets Apollo Sandbox, whose scripts come from Apollo's CDN: no CSP blocks them", async () => {
  const r = await request(app).get("/graphql").set("accept", "text/html");
  expect(r.status).toBe(200);
  expect(r.text).toMatch(/<script[^>]+src="https:\/\/embeddable-sandbox\.cdn\.apollographql\.com/);
  expectSecurityHeaders(r.headers as Record<string, string>, false);
});

test("error answers carry them too", async () => {
  const r = await request(app).post("/graphql").set("content-type", "application/json").send("{not json");
  expect(r.status).toBe(400);
  expectSecurityHeaders(r.headers as Record<string, string>, false);
  const missing = await request(app).get("/assets/missing.js");
  expectSecurityHeaders(missing.headers as Record<string, string>, true);
});
