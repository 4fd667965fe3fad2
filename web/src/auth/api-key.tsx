import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { graphql } from "../gql";
import type { TypedDocumentString } from "../gql/graphql";
import { request, RequestError, setReadKey } from "../graphql/client";
import { useI18n } from "../i18n/use-i18n";
import { ApiKeyContext, KeyCancelledError, type ApiKeyContextValue, type KeyInfo } from "./use-api-key";

const STORAGE_KEY = "achievements-console.api-key";

/** The name and scope of a key, as the server tells them (never the secret). */
const ApiKeyInfoQuery = graphql(`
  query ApiKeyInfo {
    apiKey {
      name
      scope
    }
  }
`);

function readKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function writeKey(key: string | null): void {
  try {
    if (key) sessionStorage.setItem(STORAGE_KEY, key);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* storage unavailable */
  }
}

interface Prompt {
  rejected: boolean;
  /** The key in use may not make the change: the name of that key. */
  forbiddenFor?: string;
  resolve: (key: string | null) => void;
}

export function ApiKeyProvider({ children }: { children: ReactNode }) {
  const [key, setKey] = useState<string | null>(readKey);
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const keyRef = useRef(key);
  keyRef.current = key;
  // What the key may do, as the server told it for that key (a stale answer for another key is ignored).
  const [learned, setLearned] = useState<{ key: string; info: KeyInfo | null } | null>(null);
  const keyInfo = learned && learned.key === key ? learned.info : null;
  const infoRef = useRef<KeyInfo | null>(null);
  infoRef.current = keyInfo;

  // Asked once per key, so the console can say what it may do before and after a change.
  useEffect(() => {
    if (!key) return;
    let live = true;
    request(ApiKeyInfoQuery, {}, { apiKey: key }).then(
      (d) => {
        if (live) setLearned({ key, info: d.apiKey ?? null });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [key]);

  // An admin key also goes with queries: hidden achievements then read with their real texts.
  const adminKey = keyInfo?.scope === "ADMIN" ? key : null;
  useEffect(() => setReadKey(adminKey), [adminKey]);

  const store = useCallback((next: string | null) => {
    writeKey(next);
    keyRef.current = next;
    setKey(next);
  }, []);

  const ask = useCallback(
    (rejected: boolean, forbiddenFor?: string) =>
      new Promise<string | null>((resolve) => {
        setPrompt({
          rejected,
          forbiddenFor,
          resolve: (k) => {
            setPrompt(null);
            if (k) store(k);
            resolve(k);
          },
        });
      }),
    [store],
  );

  const mutate = useCallback(
    async <R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> => {
      let current = keyRef.current ?? (await ask(false));
      if (!current) throw new KeyCancelledError(false);
      for (;;) {
        try {
          return await request(document, variables, { apiKey: current });
        } catch (e) {
          if (e instanceof RequestError && e.hasCode("UNAUTHENTICATED")) {
            store(null);
            current = await ask(true);
            if (!current) throw e;
            continue;
          }
          if (e instanceof RequestError && e.hasCode("FORBIDDEN")) {
            // The key is valid but its scope is too narrow: say so, and offer to enter another.
            const info =
              infoRef.current ??
              (await request(ApiKeyInfoQuery, {}, { apiKey: current }).then(
                (d) => d.apiKey ?? null,
                () => null,
              ));
            current = await ask(false, info?.name ?? "");
            if (!current) throw e;
            continue;
          }
          throw e;
        }
      }
    },
    [ask, store],
  );

  const value = useMemo<ApiKeyContextValue>(
    () => ({ hasKey: key !== null, keyInfo, forget: () => store(null), askForKey: () => ask(false), mutate }),
    [key, keyInfo, store, ask, mutate],
  );

  return (
    <ApiKeyContext.Provider value={value}>
      {children}
      {prompt && <ApiKeyDialog rejected={prompt.rejected} forbiddenFor={prompt.forbiddenFor} onDone={prompt.resolve} />}
    </ApiKeyContext.Provider>
  );
}

function ApiKeyDialog({
  rejected,
  forbiddenFor,
  onDone,
}: {
  rejected: boolean;
  forbiddenFor?: string;
  onDone: (key: string | null) => void;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState("");
  const [empty, setEmpty] = useState(false);
  const id = useId();
  const returnFocus = useRef<Element | null>(null);

  useEffect(() => {
    returnFocus.current = document.activeElement;
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    inputRef.current?.focus();
    return () => {
      if (returnFocus.current instanceof HTMLElement) returnFocus.current.focus();
    };
  }, []);

  const finish = (k: string | null) => {
    ref.current?.close();
    onDone(k);
  };

  return (
    <dialog
      ref={ref}
      className="key-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-intro`}
      onCancel={(e) => {
        e.preventDefault();
        finish(null);
      }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const k = value.trim();
          if (!k) {
            setEmpty(true);
            inputRef.current?.focus();
            return;
          }
          finish(k);
        }}
      >
        <h2 id={`${id}-title`}>{t.apiKey.title}</h2>
        {rejected && (
          <p className="error-banner" role="alert" id={`${id}-rejected`}>
            {t.apiKey.rejected}
          </p>
        )}
        {forbiddenFor !== undefined && (
          <p className="error-banner" role="alert" id={`${id}-rejected`} data-testid="key-forbidden">
            {t.apiKey.forbidden(forbiddenFor)}
          </p>
        )}
        <p id={`${id}-intro`}>{t.apiKey.intro}</p>
        <div className="field">
          <label htmlFor={`${id}-key`}>{t.apiKey.label}</label>
          <input
            ref={inputRef}
            id={`${id}-key`}
            name="api-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={value}
            aria-invalid={empty || undefined}
            aria-describedby={empty ? `${id}-empty` : rejected || forbiddenFor !== undefined ? `${id}-rejected` : undefined}
            onChange={(e) => {
              setValue(e.target.value);
              setEmpty(false);
            }}
          />
          {empty && (
            <p className="field-error" id={`${id}-empty`}>
              {t.apiKey.empty}
            </p>
          )}
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t.apiKey.submit}
          </button>
          <button type="button" onClick={() => finish(null)}>
            {t.common.cancel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
