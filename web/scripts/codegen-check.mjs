// Regenerates the typed GraphQL code into a temporary folder and compares it
// with the committed src/gql/. Exits 1 (with the command to run) when stale.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const committed = join(root, "src", "gql");
const temp = mkdtempSync(join(tmpdir(), "web-codegen-check-"));

function list(dir) {
  const files = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(relative(dir, p));
    }
  };
  try {
    walk(dir);
  } catch {
    /* missing folder: no files */
  }
  return files.sort();
}

const schema = process.env.SCHEMA ?? "../schema.graphql";
if (!existsSync(join(root, schema))) {
  console.error(`codegen:check: schema ${schema} not found (the server writes it: \`npm run schema:emit\` in the root project)`);
  process.exit(1);
}

let exitCode = 0;
try {
  const run = spawnSync(
    process.execPath,
    [join(root, "node_modules", "@graphql-codegen", "cli", "esm", "bin.js"), "--config", "codegen.ts", "--silent"],
    { cwd: root, env: { ...process.env, CODEGEN_OUT: temp + "/" }, stdio: ["ignore", "inherit", "inherit"] },
  );
  if (run.status !== 0) {
    console.error("codegen:check: code generation failed");
    process.exit(run.status ?? 1);
  }
  const want = list(temp);
  const have = list(committed);
  const problems = [];
  for (const f of new Set([...want, ...have])) {
    if (!want.includes(f)) problems.push(`src/gql/${f}: committed but no longer generated`);
    else if (!have.includes(f)) problems.push(`src/gql/${f}: generated but not committed`);
    else if (readFileSync(join(temp, f), "utf8") !== readFileSync(join(committed, f), "utf8"))
      problems.push(`src/gql/${f}: differs from freshly generated code`);
  }
  if (problems.length > 0) {
    console.error("codegen:check: the generated GraphQL code is stale:");
    for (const p of problems) console.error("  " + p);
    console.error("Run `npm run codegen` in web/ and commit src/gql/.");
    exitCode = 1;
  } else {
    console.log(`codegen:check: src/gql/ is up to date (${want.length} files)`);
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
process.exit(exitCode);
