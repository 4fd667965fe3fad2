import "reflect-metadata";
import pino from "pino";
import { Database } from "../../src/db/database";
import { adminQuery, templateDb, withDatabase } from "./pg-template";

/** On PostgreSQL: build a migrated template database once; each test file clones it. */
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const TEMPLATE_DB = templateDb();
  await adminQuery(url, `DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await adminQuery(url, `CREATE DATABASE ${TEMPLATE_DB}`);
  const db = await Database.open({ databaseUrl: withDatabase(url, TEMPLATE_DB), logger: pino({ level: "silent" }), poolSize: 2 });
  await db.migrate();
  await db.close();
}
