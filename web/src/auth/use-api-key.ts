import { createContext, useContext } from "react";
import type { ApiKeyScope, TypedDocumentString } from "../gql/graphql";

/** The name and scope of a key, as the server tells them (never the secret). */
export interface KeyInfo {
  name: string;
  scope: ApiKeyScope;
}

/** Thrown when the person closes the key dialog instead of entering a key. */
export class KeyCancelledError extends Error {
  readonly rejected: boolean;
  constructor(rejected: boolean) {
    super(rejected ? "API key rejected" : "API key needed");
    this.name = "KeyCancelledError";
    this.rejected = rejected;
  }
}

export interface ApiKeyContextValue {
  hasKey: boolean;
  /** The entered key's name and scope, once the server has told them. */
  keyInfo: KeyInfo | null;
  forget: () => void;
  askForKey: () => Promise<string | null>;
  /** Runs a mutation with the key, asking for it first and again when it is rejected. */
  mutate: <R, V>(document: TypedDocumentString<R, V>, variables: V) => Promise<R>;
}

export const ApiKeyContext = createContext<ApiKeyContextValue | null>(null);

export function useApiKey(): ApiKeyContextValue {
  const ctx = useContext(ApiKeyContext);
  if (!ctx) throw new Error("useApiKey outside ApiKeyProvider");
  return ctx;
}
