import { parse } from "node:url";
import { HeaderMap } from "@apollo/server";
import type { ApolloServer } from "@apollo/server";
import type { Request, RequestHandler, Response } from "express";
import type { Context } from "../context";

/** How often a request whose transaction was a deadlock's victim, or timed out on a lock, runs. */
export const TRANSACTION_ATTEMPTS = 6;

/**
 * Apollo Server on express, as `@as-integrations/express5` does it, with one addition: a request
 * with several mutation fields (one transaction, see transaction.ts) that failed because the
 * database chose it as a deadlock's victim or it waited too long for a lock is rolled back by the
 * transaction plugin, which marks its run `retryTransaction`; it then runs again from the
 * start after a short random pause, up to TRANSACTION_ATTEMPTS times. Retrying only the failed
 * statement would keep the locks of the fields before it, which the other transaction waits for.
 */
export function graphqlHandler(apollo: ApolloServer<Context>, context: (req: Request, res: Response) => Promise<Context>): RequestHandler {
  apollo.assertStarted("graphqlHandler()");
  return async (req, res) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const httpGraphQLRequest = {
      method: req.method.toUpperCase(),
      headers,
      search: parse(req.url).search ?? "",
      body: req.body as unknown,
    };
    for (let attempt = 1; ; attempt++) {
      const run = { attempt, retryTransaction: false };
      let ctx: Context | undefined;
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => {
          ctx = { ...(await context(req, res)), run };
          return ctx;
        },
      });
      if (run.retryTransaction && attempt < TRANSACTION_ATTEMPTS) {
        ctx?.log.info({ attempt }, "transaction rolled back after a lock conflict; running the request again");
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
        continue;
      }
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === "complete") {
        res.send(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
      return;
    }
  };
}
