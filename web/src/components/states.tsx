import type { ReactNode } from "react";
import { RequestError } from "../graphql/client";
import { KeyCancelledError } from "../auth/api-key";
import { useI18n } from "../i18n/i18n";

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="state state-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t.common.loading}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="state state-empty" role="status">
      {children}
    </p>
  );
}

/** A localized sentence for an error, with the server's own message when it adds something. */
export function useErrorText() {
  const { t } = useI18n();
  return (error: unknown): { text: string; detail?: string } => {
    if (error instanceof KeyCancelledError) {
      return { text: error.rejected ? t.errors.UNAUTHENTICATED! : t.errors.keyRequired! };
    }
    if (error instanceof RequestError) {
      const code = error.code;
      const text = t.errors[code] ?? t.errors.HTTP!;
      const detail =
        code === "BAD_USER_INPUT" || code === "CONFLICT" || code === "NOT_FOUND" || !(code in t.errors) ? error.message : undefined;
      return { text, detail };
    }
    return { text: t.errors.INTERNAL_SERVER_ERROR!, detail: error instanceof Error ? error.message : undefined };
  };
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const describe = useErrorText();
  const { text, detail } = describe(error);
  return (
    <div className="state state-error" role="alert">
      <p>
        {text}
        {detail && (
          <>
            {" "}
            <span className="detail">
              {t.errors.server} {detail}
            </span>
          </>
        )}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t.common.retry}
        </button>
      )}
    </div>
  );
}

export function LoadMore({
  hasNextPage,
  loadingMore,
  error,
  onLoadMore,
  shown,
  total,
}: {
  hasNextPage: boolean;
  loadingMore: boolean;
  error?: unknown;
  onLoadMore: () => void;
  shown: number;
  total?: number;
}) {
  const { t } = useI18n();
  return (
    <div className="load-more">
      {total !== undefined && <p className="muted">{t.common.shownOf(shown, total)}</p>}
      {error !== undefined && <ErrorState error={error} />}
      {hasNextPage && (
        <button type="button" onClick={onLoadMore} disabled={loadingMore} aria-busy={loadingMore || undefined}>
          {loadingMore ? t.common.loadingMore : t.common.loadMore}
        </button>
      )}
    </div>
  );
}
