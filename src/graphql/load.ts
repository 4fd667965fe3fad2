import crypto from "node:crypto";
import { performance } from "node:perf_hooks";
import type { ApolloServerPlugin } from "@apollo/server";
import type { RequestHandler } from "express";
import { AppError } from "../common/errors";

/**
 * Shedding by load (api-contract.md "Hostile requests"). The process has one event loop: the
 * time of heavy requests goes into CPU on it (parsing and validating large documents, executing
 * and serialising thousands of objects), so a limit on how many run at once does not bound how
 * long the others wait. While the loop runs late, large documents (before they are parsed) and
 * operations costing HEAVY_COST or more (before they run) are answered SERVICE_UNAVAILABLE
 * (HTTP 503); ordinary small queries still get in.
 */

/** How late the event loop runs now, in ms. Tests give one of their own. */
export interface LoopLag {
  /** `client`: the connection asking (see `contended`); a probe ignores it. */
  lagMs(client?: object): number;
}

/**
 * Over this lag (ms) the process counts as loaded. A victim's p99 must stay under 250 ms and one
 * of its requests needs a few turns of the loop, so a loop running 50 ms late is already taking
 * much of that; much lower values shed on a merely busy shared machine, where the operating
 * system alone delays timers by tens of ms (docs/benchmarks.md, "Isolation under attack").
 */
export const LOADED_LAG_MS = 50;

/**
 * While loaded, request bodies over this many bytes (by Content-Length, before they are read
 * into a string), and documents over this many characters (GET, or a body without a length), are
 * refused unparsed. The console's documents are under 2,000 characters.
 */
export const SHED_REQUEST_SIZE = 8_192;

/**
 * While loaded, requests of more than this many mutation fields are refused before they run:
 * each field is statements of its own in one transaction (on PGlite's one session the others'
 * statements wait for all of them). A client writing one or a few things at a time is not.
 */
export const SHED_MUTATION_FIELDS = 5;

/**
 * A timer every TICK_MS; the lag is how much later than due it fired, the largest over the last
 * one to two windows of WINDOW_MS, or the time since it is due now if that is more (while one
 * callback holds the loop, the timer cannot fire: the requests handled right after still see it).
 */
export class LoopLagProbe implements LoopLag {
  static readonly TICK_MS = 20;
  static readonly WINDOW_MS = 500;
  private last = performance.now();
  private windowStart = this.last;
  private current = 0;
  private previous = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.tick(), LoopLagProbe.TICK_MS);
    this.timer.unref();
  }

  private tick(): void {
    const now = performance.now();
    const lag = Math.max(0, now - this.last - LoopLagProbe.TICK_MS);
    this.last = now;
    if (now - this.windowStart >= LoopLagProbe.WINDOW_MS) {
      this.previous = this.current;
      this.current = 0;
      this.windowStart = now;
    }
    this.current = Math.max(this.current, lag);
  }

  lagMs(): number {
    const pending = performance.now() - this.last - LoopLagProbe.TICK_MS;
    return Math.max(this.current, this.previous, pending);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

let processProbe: LoopLagProbe | undefined;
/** The process's probe, started on first use (its timer does not keep the process alive). */
export function processLoopLag(): LoopLag {
  processProbe ??= new LoopLagProbe();
  return processProbe;
}

/**
 * The connections that sent a GraphQL request lately (within WINDOW_MS, as long as the probe
 * remembers a lag), for `contended`.
 */
export class RecentClients {
  static readonly WINDOW_MS = 2 * LoopLagProbe.WINDOW_MS;
  private readonly seen = new Map<object, number>();

  middleware(): RequestHandler {
    return (req, _res, next) => {
      this.seen.set(req.socket, performance.now());
      next();
    };
  }

  /** Whether a connection other than `client` sent a request within the window. */
  othersActive(client: object): boolean {
    const now = performance.now();
    let others = false;
    for (const [c, at] of this.seen) {
      if (now - at > RecentClients.WINDOW_MS) this.seen.delete(c);
      else if (c !== client) others = true;
    }
    return others;
  }
}

/**
 * The lag as shedding sees it. Shedding refuses a heavy request to keep the event loop free for
 * the other clients (api-contract.md "Hostile requests"); while no other connection has sent a
 * request lately there is no one to keep it free for, and a late loop is the asking client's own
 * doing: its lag counts as none. (On the embedded database an awardAchievements batch holds the
 * loop for a few hundred ms; a client importing its history sent its next batch right after and
 * was refused for up to a second, one batch a second got through.) Any other client's request in
 * the window — a victim's query, another attacker's — and the lag counts as it is. Requests whose
 * connection is not known count as contended.
 */
export function contended(load: LoopLag, clients: RecentClients): LoopLag {
  return { lagMs: (client) => (client !== undefined && !clients.othersActive(client) ? 0 : load.lagMs()) };
}

export function loadedError(lagMs: number, what: string): AppError {
  return new AppError(
    `The service is loaded (its event loop runs ${Math.round(lagMs)} ms late, over ${LOADED_LAG_MS} ms): ${what} are refused until it recovers; nothing was run, try again shortly`,
    "SERVICE_UNAVAILABLE",
    { http: { status: 503 } },
  );
}

function unavailableBody(message: string): { errors: { message: string; extensions: { code: string } }[] } {
  return { errors: [{ message, extensions: { code: "SERVICE_UNAVAILABLE" } }] };
}

/** The `query` of a GraphQL HTTP request: the JSON body's for POST, the query string's for GET. */
function queryOf(req: Parameters<RequestHandler>[0]): unknown {
  const params = (req.method === "GET" ? req.query : req.body) as { query?: unknown } | undefined;
  return params?.query;
}

/**
 * Refuses, while the loop runs late, bodies over SHED_REQUEST_SIZE bytes before they are read.
 * Bodies over `maxBody` are left to the body parser, which answers 413 without reading them.
 */
export function shedLargeBodyMiddleware(load: LoopLag, maxBody: number): RequestHandler {
  return (req, res, next) => {
    const length = Number(req.headers["content-length"]);
    if (!(length > SHED_REQUEST_SIZE) || length > maxBody) return next();
    const lag = load.lagMs(req.socket);
    if (lag <= LOADED_LAG_MS) return next();
    // The body is not read: Node discards it once the answer is sent, and the connection stays.
    res.status(503).json(unavailableBody(loadedError(lag, `request bodies over ${SHED_REQUEST_SIZE} bytes`).message));
  };
}

/**
 * Refuses, while the loop runs late, documents over SHED_REQUEST_SIZE characters before they are parsed,
 * and answers a document the service refused before (RefusedDocuments) with the same answer.
 */
export function shedMiddleware(load: LoopLag, refused: RefusedDocuments): RequestHandler {
  return (req, res, next) => {
    const query = queryOf(req);
    if (typeof query !== "string") return next();
    if (query.length > SHED_REQUEST_SIZE) {
      const lag = load.lagMs(req.socket);
      if (lag > LOADED_LAG_MS) {
        res.status(503).json(unavailableBody(loadedError(lag, `documents over ${SHED_REQUEST_SIZE} characters`).message));
        return;
      }
    }
    const known = refused.get(query);
    if (known) {
      res.status(known.status).type("application/json").send(known.body);
      return;
    }
    next();
  };
}

/**
 * Answers of documents that did not parse or validate, by the SHA-256 of their text: these
 * depend on the text alone, and sending the same hostile document again then costs a hash, not
 * a parse and a validation. Apollo keeps only documents that validated.
 */
export class RefusedDocuments {
  /** Most answers kept; the least recently used goes first. */
  static readonly CAPACITY = 500;
  /** Longer answers are not kept (memory: at most CAPACITY × MAX_BODY). */
  static readonly MAX_BODY = 64 * 1024;
  private readonly answers = new Map<string, { status: number; body: string }>();

  static hash(query: string): string {
    return crypto.createHash("sha256").update(query).digest("hex");
  }

  get(query: string): { status: number; body: string } | undefined {
    if (this.answers.size === 0) return undefined;
    const key = RefusedDocuments.hash(query);
    const known = this.answers.get(key);
    if (known) {
      this.answers.delete(key);
      this.answers.set(key, known);
    }
    return known;
  }

  remember(queryHash: string, status: number, body: string): void {
    if (body.length > RefusedDocuments.MAX_BODY) return;
    this.answers.delete(queryHash);
    this.answers.set(queryHash, { status, body });
    if (this.answers.size > RefusedDocuments.CAPACITY) this.answers.delete(this.answers.keys().next().value!);
  }

  get size(): number {
    return this.answers.size;
  }
}

/** Remembers the answers of documents refused by parsing or validation (RefusedDocuments). */
export function refusedDocumentsPlugin<C extends object>(refused: RefusedDocuments): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      let refusedByText = false;
      return {
        async parsingDidStart() {
          return async (err) => {
            if (err) refusedByText = true;
          };
        },
        async validationDidStart() {
          return async (errs) => {
            if (errs && errs.length > 0) refusedByText = true;
          };
        },
        async willSendResponse({ queryHash, response }) {
          if (!refusedByText || !queryHash || response.body.kind !== "single") return;
          const { errors, data } = response.body.singleResult;
          const codes = new Set((errors ?? []).map((e) => e.extensions?.code));
          // Only the text's own refusals: never an answer that depends on variables or load.
          if (
            data !== undefined ||
            codes.size === 0 ||
            [...codes].some((c) => c !== "GRAPHQL_PARSE_FAILED" && c !== "GRAPHQL_VALIDATION_FAILED")
          ) {
            return;
          }
          refused.remember(queryHash, response.http.status ?? 400, JSON.stringify(response.body.singleResult));
        },
      };
    },
  };
}
