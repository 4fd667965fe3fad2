/**
 * Prints the Markdown tables of docs/benchmarks.md from the JSON that bench/run writes:
 *
 *   node dist/bench/report.js bench/results/pg-1m-10m-run1.json
 */
import { readFileSync } from "node:fs";

interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}
interface StatsBlock {
  table: Record<string, { http?: Summary; sql?: Summary }>;
  serverCpuMsPerRequest: number | null;
  loadavg1m: number[];
}
interface Load {
  clients: number;
  seconds: number;
  ok: number;
  perSecond: number;
  created: number;
  createdPerSecond: number;
  notCreated: number;
  errors: Record<string, number>;
  latency: Summary;
  loadavg1m: number[];
  cpuMsPerRequest: { server: number; postgres: number | null; loadClient: number };
}

const r = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as Record<string, unknown>;
const out: string[] = [];
const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? "–" : x.toFixed(2));

function statsTable(title: string, http: StatsBlock | undefined, sql: StatsBlock | undefined): void {
  if (!http && !sql) return;
  out.push(
    `**${title}**${http?.loadavg1m ? ` (load average ${http.loadavg1m.join(" → ")}; server CPU ${http.serverCpuMsPerRequest} ms per statistics request)` : ""}`,
    "",
  );
  out.push(
    "| statistic | HTTP p50 | HTTP p99 | HTTP max | SQL p50 | SQL p99 | SQL max |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  const names = new Set([...Object.keys(http?.table ?? {}), ...Object.keys(sql?.table ?? {})]);
  for (const name of names) {
    const h = http?.table[name]?.http;
    const s = (sql ?? http)?.table[name]?.sql;
    if (!h && !s) continue;
    out.push(`| ${name} | ${ms(h?.p50)} | ${ms(h?.p99)} | ${ms(h?.max)} | ${ms(s?.p50)} | ${ms(s?.p99)} | ${ms(s?.max)} |`);
  }
  const n = (http ?? sql)!.table[[...names][0]!]?.http?.n ?? (sql ?? http)!.table[[...names][0]!]?.sql?.n;
  out.push("", `(milliseconds, ${n} runs each)`, "");
}

function loadRow(label: string, l: Load | undefined, unit: "created/s" | "req/s" | "batches/s"): void {
  if (!l) return;
  const rate = unit === "created/s" ? l.createdPerSecond : l.perSecond;
  const errs = Object.keys(l.errors).length ? JSON.stringify(l.errors) : "0";
  out.push(
    `| ${label} | ${l.clients} | ${l.seconds} | ${rate} ${unit} | ${ms(l.latency.p50)} | ${ms(l.latency.p99)} | ${ms(l.latency.max)} | ${errs} | ${l.cpuMsPerRequest.server} / ${l.cpuMsPerRequest.postgres ?? "–"} / ${l.cpuMsPerRequest.loadClient} | ${l.loadavg1m.join(" → ")} |`,
  );
}

out.push(`Run of ${r.startedAt} on ${(r.data as { database: string }).database.split(" on ")[0]}: ${JSON.stringify(r.data)}`, "");
statsTable("Statistics, fresh load", r.stats as StatsBlock, (r.statsSqlFresh ?? r.stats) as StatsBlock);
statsTable(
  "Statistics after the award phases, before any vacuum",
  r.statsAfterWrites as StatsBlock,
  (r.statsSqlAfterWrites ?? r.statsAfterWrites) as StatsBlock,
);
statsTable("Statistics after VACUUM (ANALYZE)", r.statsAfterVacuum as StatsBlock, r.statsAfterVacuum as StatsBlock);

const naive = r.naive as
  { workMem: string; statementTimeoutSeconds: number; results: Record<string, { ms: number[]; error?: string }> } | undefined;
if (naive) {
  const fresh = (r.statsSqlFresh ?? r.stats) as StatsBlock | undefined;
  out.push(`**Naive queries over the awards** (work_mem ${naive.workMem}, statement_timeout ${naive.statementTimeoutSeconds} s)`, "");
  out.push("| statistic | runs (ms) | median | named statement p50 | ratio |", "| --- | --- | ---: | ---: | ---: |");
  for (const [name, v] of Object.entries(naive.results)) {
    const sorted = v.ms.filter((x) => x !== null && !Number.isNaN(x)).sort((a, b) => a - b);
    const med = sorted[Math.floor(sorted.length / 2)];
    const sqlName = name === "streaks" ? "streaks.count" : name;
    const p50 = fresh?.table[sqlName]?.sql?.p50 ?? (name === "streaks" ? undefined : undefined);
    const statement = name === "streaks" ? (fresh?.table.streaks?.sql?.p50 ?? 0) + (fresh?.table["streaks.count"]?.sql?.p50 ?? 0) : p50;
    out.push(
      `| ${name} | ${v.ms.join(", ")}${v.error ? ` (${v.error})` : ""} | ${med ?? "–"} | ${ms(statement)} | ${med && statement ? `${Math.round(med / statement)}×` : "–"} |`,
    );
  }
  out.push("");
}

out.push("**Load phases**", "");
out.push(
  "| phase | clients | s | throughput | p50 ms | p99 ms | max ms | errors | CPU ms per request: server / PostgreSQL / load client | load average |",
);
out.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |");
loadRow("user page", r.page as Load, "req/s");
loadRow("award statement alone (SQL)", r.awardSql as Load, "created/s");
const award = r.award as { single: Load; concurrent: Load; deadlocksDuring: number | null } | undefined;
loadRow("awardAchievement, 1 client", award?.single, "created/s");
loadRow("awardAchievement, 40 new achievements", award?.concurrent, "created/s");
loadRow("awardAchievement, first awards of unranked users", r.first as Load, "created/s");
loadRow("awardAchievement, one hot achievement", r.hot as Load, "created/s");
type BatchRun = { single: Load; batches: Load; batchAwardsPerSecond: number; ratio: number | null };
const batch = r.batch as (Record<string, unknown> & { batchSize?: number }) | undefined;
for (const [k, v] of Object.entries(batch ?? {})) {
  if (!k.startsWith("clients")) continue;
  const run = v as BatchRun;
  loadRow(`batch phase: awardAchievement (${run.single.clients} clients)`, run.single, "created/s");
  loadRow(
    `batch phase: awardAchievements of ${batch?.batchSize} (${run.batches.clients} clients; ${run.batchAwardsPerSecond} awards/s, ${run.ratio ?? "–"}×)`,
    run.batches,
    "batches/s",
  );
}
loadRow("revokeAward, 1 client", r.revoke as Load, "req/s");
out.push("");
if (award)
  out.push(
    `Deadlocks counted by PostgreSQL during the award phase: ${award.deadlocksDuring ?? "n/a"}; re-awards (created: false): ${award.concurrent.notCreated}.`,
  );
const check = r.check as { differences: number; seconds: number; awardsAfter: number } | undefined;
if (check)
  out.push(`stats_check() after the run: ${check.differences} differences (${check.seconds.toFixed(1)} s), ${check.awardsAfter} awards.`);
out.push(`Server warnings/errors in its log: ${r.serverWarnings ?? "n/a"}; server exit code ${r.serverExitCode ?? "n/a"}.`);
process.stdout.write(`${out.join("\n")}\n`);
