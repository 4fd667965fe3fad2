import http from "node:http";
import { SHED_REQUEST_SIZE, processLoopLag } from "../../src/graphql/load";
import { useTestApp } from "../helpers/test-app";

// Shedding keeps the event loop free for the other clients (api-contract.md "Hostile
// requests"): with the process's own loop probe (no fake lag here), a large request after the
// loop ran late is refused when another connection has sent a request lately, and runs when its
// client is the only one (the late loop was then its own doing: an import's batches on the
// embedded database). The lag is made by holding this process's loop (the app runs in it).

const t = useTestApp({ loopLag: processLoopLag() });

/** An ordinary query padded with a comment past the size over which loaded requests are refused. */
const large = JSON.stringify({ query: `{ users(first: 5) { totalCount } } # ${"x".repeat(SHED_REQUEST_SIZE)}` });
const small = JSON.stringify({ query: `{ users(first: 1) { totalCount } }` });

/** Holds the event loop for `ms` (the probe's timer cannot fire meanwhile). */
function holdLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy: this is the lag
  }
}

/** A client on one keep-alive connection. */
function client(base: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    post(body: string): Promise<{ status: number; body: any }> {
      return new Promise((resolve, reject) => {
        const req = http.request(
          `${base}/graphql`,
          { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
          (res) => {
            let text = "";
            res.on("data", (c: Buffer) => (text += c.toString("utf8")));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

test("alone, a large request runs although the loop ran late; after another client's request it is refused", async () => {
  const base = await t.listen();
  const importer = client(base);
  const other = client(base);
  try {
    // Let the other clients' requests of earlier tests and the start leave the window.
    await importer.post(small);
    await new Promise((r) => setTimeout(r, 1100));

    holdLoop(150);
    const alone = await importer.post(large);
    expect(alone.status).toBe(200);
    expect(alone.body).toEqual({ data: { users: { totalCount: 0 } } });

    expect((await other.post(small)).status).toBe(200);
    holdLoop(150);
    const contended = await importer.post(large);
    expect(contended.status).toBe(503);
    expect(contended.body.errors[0].extensions.code).toBe("SERVICE_UNAVAILABLE");
    expect(contended.body.errors[0].message).toContain(`request bodies over ${SHED_REQUEST_SIZE} bytes`);
  } finally {
    importer.close();
    other.close();
  }
});
