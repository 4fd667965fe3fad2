import { Router } from "express";
import type { Database } from "../db/database";

/** `/healthz`: the process runs. `/readyz`: the database answers and every migration has run. */
export function healthRouter(db: Database): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.status(200).json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const [database, migrated] = [await db.ping(2000), db.migrated];
    const ready = database && migrated;
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "unavailable", database, migrated });
  });
  return router;
}
