import { Client } from "pg";

/**
 * The migrated template of this test run. Named after the run (globalSetup sets the variable in
 * the main process; the workers inherit it), so that two runs on one server never drop each
 * other's template.
 */
export function templateDb(): string {
  process.env.ACHIEVEMENTS_TEST_TEMPLATE ??= `achievements_test_template_${process.pid}`;
  return process.env.ACHIEVEMENTS_TEST_TEMPLATE;
}

/** The server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: withDatabase(url, "postgres") });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
