/**
 * The bare server: `node:http` and `pg` (or the embedded database's one session), no GraphQL
 * framework, running the service's own services and repository statements word for word on the
 * same database (named prepared statements where the service's are, on PostgreSQL). It is the floor the service's CPU per request is measured against
 * (docs/benchmarks.md, "Close to the machine").
 *
 *   DATABASE_URL=postgres://… PORT=4100 API_KEYS=<secret> node dist/bench/bare.js
 *   DATA_DIR=/tmp/bench-pglite PORT=4100 API_KEYS=<secret> node dist/bench/bare.js
 *
 * It reads the service's environment (DATABASE_URL or DATA_DIR, PORT, API_KEYS with one bare
 * secret), so bench/run.js drives it with `--server-main dist/bench/bare.js` as it drives the
 * service. It answers `/readyz` and, at `POST /graphql`, exactly the operations bench/run.js sends
 * for the page and award phases, by operation name: `UserPage`, `Award`, `Create`. Anything else
 * is a 400. The answers are the service's JSON byte for byte (bench/bare-check.js compares them).
 */
import "reflect-metadata";
import http from "node:http";
import crypto from "node:crypto";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { PGlitePool, pgliteParsers } from "../src/db/pglite-pool";
import { pgTypeParsers } from "../src/db/database";
import type { Queryable } from "../src/db/queryable";
import { preparedName } from "../src/db/pool-query";
import { pickTranslation } from "../src/common/language";
import { awardRepository } from "../src/modules/award/award.repository";
import { AwardService } from "../src/modules/award/award.service";
import { AchievementService } from "../src/modules/achievement/achievement.service";
import type { AwardAchievementInput } from "../src/modules/award/award.inputs";
import type { CreateAchievementInput } from "../src/modules/achievement/achievement.inputs";

const OPERATION = /^\s*(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/;

async function open(): Promise<{ db: Queryable; close: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const pool = new pg.Pool({
      connectionString: process.env.DATABASE_URL,
      max: 20,
      application_name: "achievements-bare",
      types: pgTypeParsers,
    });
    // As the service's pool: texts marked by prepared() run as named statements.
    const query = async (sql: string, params?: unknown[]) => {
      const name = preparedName(sql);
      return (await (name ? pool.query({ name, text: sql, values: params }) : pool.query(sql, params))).rows;
    };
    return { db: { query } as Queryable, close: () => pool.end() };
  }
  const pglite = await PGlite.create(process.env.DATA_DIR, { parsers: pgliteParsers });
  const pool = new PGlitePool(pglite, { acquireTimeoutMs: 5000 });
  return {
    db: { query: async (sql: string, params?: unknown[]) => (await pool.query(sql, params))!.rows } as Queryable,
    close: () => pglite.close(),
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

async function main(): Promise<void> {
  const { db, close } = await open();
  const secret = Buffer.from((process.env.API_KEYS ?? "").trim());
  const authorized = (header: string | undefined): boolean => {
    const given = Buffer.from(/^bearer\s+(.+)$/i.exec(header ?? "")?.[1]?.trim() ?? "");
    return given.length === secret.length && crypto.timingSafeEqual(given, secret);
  };
  const awards = new AwardService();
  const achievements = new AchievementService();

  const operations: Record<string, (variables: Record<string, unknown>) => Promise<unknown>> = {
    // query UserPage($id: ID!) { user(id: $id) { name points awards(first: 20) { edges { node { name awardedAt points } } } } }
    async UserPage(v) {
      // The service's statement for a user with the first page of their awards.
      const { user, awards: rows } = await awardRepository.firstPageWithUser(db, String(v.id), 21);
      if (!user) return { user: null };
      return {
        user: {
          name: user.name,
          points: Number(user.stats?.points ?? 0),
          awards: {
            edges: rows.slice(0, 20).map((a) => ({
              node: {
                name: pickTranslation(a.translations, user.language).name,
                awardedAt: a.awardedAt.toISOString(),
                points: a.achievement.points,
              },
            })),
          },
        },
      };
    },
    // mutation Award($input: AwardAchievementInput!) { awardAchievement(input: $input) { created award { id awardedAt } } }
    async Award(v) {
      const input = v.input as AwardAchievementInput;
      const r = await awards.award({ ...input, awardedAt: typeof input.awardedAt === "string" ? new Date(input.awardedAt) : null }, db);
      return { awardAchievement: { created: r.created, award: { id: r.award.id, awardedAt: r.award.awardedAt.toISOString() } } };
    },
    // mutation Create($input: CreateAchievementInput!) { createAchievement(input: $input) { id points } }
    async Create(v) {
      const a = await achievements.create(v.input as CreateAchievementInput, db);
      return { createAchievement: { id: a.id, points: a.points } };
    },
  };

  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.method === "GET" && (req.url === "/readyz" || req.url === "/healthz")) return send(200, { status: "ok" });
    if (req.method !== "POST" || req.url !== "/graphql") return send(404, { errors: [{ message: "not found" }] });
    readBody(req)
      .then(async (text) => {
        const body = JSON.parse(text) as { query?: string; variables?: Record<string, unknown> };
        const name = OPERATION.exec(body.query ?? "")?.[1] ?? "";
        const run = operations[name];
        if (!run) return send(400, { errors: [{ message: `the bare server does not know the operation "${name}"` }] });
        if (name !== "UserPage" && !authorized(req.headers.authorization)) {
          return send(200, { errors: [{ message: "unauthenticated", extensions: { code: "UNAUTHENTICATED" } }] });
        }
        send(200, { data: await run(body.variables ?? {}) });
      })
      .catch((e: unknown) => send(500, { errors: [{ message: e instanceof Error ? e.message : String(e) }] }));
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT ?? 4100), "127.0.0.1", () => {
    const address = server.address();
    process.stdout.write(`${JSON.stringify({ msg: "listening", port: typeof address === "object" ? address?.port : null })}\n`);
  });
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void close().then(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
