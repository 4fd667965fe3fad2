import { adminQuery, templateDb } from "./pg-template";

export default async function globalTeardown(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  await adminQuery(url, `DROP DATABASE IF EXISTS ${templateDb()} WITH (FORCE)`);
}
