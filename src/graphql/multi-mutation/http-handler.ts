import { parse } from "node:url";
import { HeaderMap } from "@apollo/server";
import type { ApolloServer, HTTPGraphQLRequest, HTTPGraphQLResponse } from "@apollo/server";
import type { Request, RequestHandler, Response } from "express";
import type { Context } from "../context";
import { RequestAttempt, pauseBeforeRetry } from "./attempt";

/**
 * Apollo Server on express, as `@as-integrations/express5` does it, with one addition: a request
 * with several mutation fields (one transaction, see transaction-plugin.ts) that failed because
 * the database chose it as a deadlock's victim or it waited too long for a lock is rolled back by
 * the transaction plugin, which marks its attempt (attempt.ts); it then runs again from the start
 * after a short random pause, up to TRANSACTION_ATTEMPTS times. Retrying only the failed statement
 * would keep the locks of the fields before it, which the other transaction waits for.
 */
export function graphqlHandler(apollo: ApolloServer<Context>, context: (req: Request, res: Response) => Promise<Context>): RequestHandler {
  apollo.assertStarted("graphqlHandler()");
  return async (req, res) => {
    const httpGraphQLRequest = toHTTPGraphQLRequest(req);
    for (let number = 1; ; number++) {
      const attempt = new RequestAttempt(number);
      let ctx: Context | undefined;
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => {
          ctx = { ...(await context(req, res)), attempt };
          return ctx;
        },
      });
      if (attempt.runAgain) {
        ctx?.log.info({ attempt: number }, "transaction rolled back after a lock conflict; running the request again");
        await pauseBeforeRetry(number);
        continue;
      }
      await send(res, response);
      return;
    }
  };
}

function toHTTPGraphQLRequest(req: Request): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  return {
    method: req.method.toUpperCase(),
    headers,
    search: parse(req.url).search ?? "",
    body: req.body as unknown,
  };
}

async function send(res: Response, response: HTTPGraphQLResponse): Promise<void> {
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === "complete") {
    // A GET answer goes through express's send for its ETag and 304s; a POST answer is never
    // revalidated, so it is written as it is, without hashing it for an ETag.
    if (res.req.method === "GET") res.send(response.body.string);
    else {
      res.setHeader("Content-Length", Buffer.byteLength(response.body.string));
      res.end(response.body.string);
    }
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
