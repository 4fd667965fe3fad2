/** A lean GraphQL-over-HTTP client on node:http with keep-alive, and latency summaries. */
import http from "node:http";

export interface GqlResult {
  status: number;
  ms: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

export class GqlClient {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(
    url: string,
    maxSockets: number,
    private readonly headers: Record<string, string> = {},
  ) {
    this.url = new URL(url);
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request(query: string, variables?: Record<string, unknown>, extraHeaders?: Record<string, string>): Promise<GqlResult> {
    const payload = JSON.stringify(variables ? { query, variables } : { query });
    const started = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          host: this.url.hostname,
          port: this.url.port,
          path: this.url.pathname,
          method: "POST",
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(payload),
            ...this.headers,
            ...extraHeaders,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            let body: GqlResult["body"];
            try {
              body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as GqlResult["body"];
            } catch {
              body = { errors: [{ message: `not JSON (HTTP ${res.statusCode})` }] };
            }
            resolve({ status: res.statusCode ?? 0, ms, body });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles, milliseconds rounded to 0.01. */
export function summarize(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  const r = (x: number) => Math.round(x * 100) / 100;
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { n: s.length, p50: r(at(0.5)), p90: r(at(0.9)), p99: r(at(0.99)), max: r(s[s.length - 1] ?? NaN), mean: r(mean) };
}

export function fmt(s: Summary): string {
  return `n=${s.n} p50=${s.p50} p90=${s.p90} p99=${s.p99} max=${s.max} ms`;
}
