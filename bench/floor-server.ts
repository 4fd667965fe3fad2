/**
 * The floor under any HTTP JSON API on Node: node:http reading a POST body, parsing it as JSON and
 * answering a fixed JSON document, nothing else. bench/floor.ts measures the service's CPU per
 * request for a GraphQL document that runs none of its code (`{ __typename }`) against this.
 * Logs the "listening" line bench/lib/server.ts waits for (PORT=0: a free port).
 */
import http from "node:http";

const ANSWER = JSON.stringify({ data: { __typename: "Query" } });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { query?: unknown };
      if (typeof body.query !== "string") throw new Error("no query");
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(ANSWER) });
      res.end(ANSWER);
    } catch {
      res.writeHead(400).end();
    }
  });
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const { port } = server.address() as { port: number };
  console.log(JSON.stringify({ level: 30, msg: "listening", port }));
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
