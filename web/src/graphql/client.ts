// A tiny fetch-based GraphQL client for documents typed by graphql-codegen
// (client preset, documentMode "string"). Same-origin: POST /graphql.
import type { TypedDocumentString } from "../gql/graphql";

export const GRAPHQL_PATH = "/graphql";

export interface GraphQLErrorItem {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

/** Codes the console reacts to; anything else is shown with the server's message. */
export type ErrorCode =
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "CONFLICT"
  | "UNAUTHENTICATED"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR"
  | "NETWORK"
  | "HTTP"
  | (string & {});

export class RequestError extends Error {
  readonly errors: readonly GraphQLErrorItem[];
  readonly status: number | undefined;

  constructor(message: string, errors: readonly GraphQLErrorItem[], status?: number) {
    super(message);
    this.name = "RequestError";
    this.errors = errors;
    this.status = status;
  }

  /** The code of the first error (NETWORK when the server could not be reached). */
  get code(): ErrorCode {
    return this.errors[0]?.extensions?.code ?? "HTTP";
  }

  hasCode(code: ErrorCode): boolean {
    return this.errors.some((e) => e.extensions?.code === code);
  }
}

export interface RequestOptions {
  apiKey?: string | null;
  signal?: AbortSignal;
}

/**
 * The primary's WAL position after this browser's last write (the server's X-Read-After header).
 * Sent back on every later request, so that with read replicas the console reads its own writes.
 */
let readAfter: string | undefined;

/**
 * The key queries are sent with: an admin key, once the server said it is one, so that hidden
 * achievements read with their real texts. Queries are public; without it they go anonymous.
 */
let readKey: string | null = null;
let readKeyVersion = 0;
const readKeyListeners = new Set<() => void>();

export function setReadKey(key: string | null): void {
  if (key === readKey) return;
  readKey = key;
  readKeyVersion++;
  for (const l of readKeyListeners) l();
}

/** Changes whenever the key queries carry changes (queries then load again). */
export function getReadKeyVersion(): number {
  return readKeyVersion;
}

export function subscribeReadKey(listener: () => void): () => void {
  readKeyListeners.add(listener);
  return () => readKeyListeners.delete(listener);
}

function operationName(query: string): string | undefined {
  const m = /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query);
  return m?.[1];
}

export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  options: RequestOptions = {},
): Promise<TResult> {
  const query = document.toString();
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
  };
  const key = options.apiKey ?? (/^\s*(query\b|\{)/.test(query) ? readKey : null);
  if (key) headers.authorization = `Bearer ${key}`;
  if (readAfter) headers["x-read-after"] = readAfter;

  let response: Response;
  try {
    response = await fetch(GRAPHQL_PATH, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables, operationName: operationName(query) }),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new RequestError("The server could not be reached.", [
      { message: "The server could not be reached.", extensions: { code: "NETWORK" } },
    ]);
  }
  const seen = response.headers.get("x-read-after");
  if (seen) readAfter = seen;

  let body: { data?: TResult | null; errors?: GraphQLErrorItem[] } | undefined;
  try {
    body = (await response.json()) as typeof body;
  } catch {
    body = undefined;
  }

  if (body?.errors && body.errors.length > 0) {
    throw new RequestError(body.errors[0]?.message ?? "Request failed", body.errors, response.status);
  }
  if (!response.ok || !body || body.data == null) {
    const message = `HTTP ${response.status}`;
    throw new RequestError(message, [{ message, extensions: { code: "HTTP" } }], response.status);
  }
  return body.data;
}
