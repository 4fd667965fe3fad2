import type { ReactNode } from "react";
import { useI18n } from "../i18n/use-i18n";
import { useErrorText } from "./use-error-text";

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

/** The part of a paginated list (usePaginatedQuery) that "load more" shows. */
export interface MoreOfList {
  items: readonly unknown[];
  totalCount?: number;
  hasNextPage: boolean;
  loadingMore: boolean;
  moreError?: unknown;
  loadMore: () => void;
}

export function LoadMore({ list }: { list: MoreOfList }) {
  const { t } = useI18n();
  return (
    <div className="load-more">
      {list.totalCount !== undefined && <p className="muted">{t.common.shownOf(list.items.length, list.totalCount)}</p>}
      {list.moreError !== undefined && <ErrorState error={list.moreError} />}
      {list.hasNextPage && (
        <button type="button" onClick={list.loadMore} disabled={list.loadingMore} aria-busy={list.loadingMore || undefined}>
          {list.loadingMore ? t.common.loadingMore : t.common.loadMore}
        </button>
      )}
    </div>
  );
}

/** The spoken line over a searched list: loading, or how many were found. */
export function FoundStatus({ list }: { list: { loading: boolean; error?: unknown; totalCount?: number; items: readonly unknown[] } }) {
  const { t } = useI18n();
  return (
    <p className="result-status" role="status" aria-live="polite">
      {list.loading ? t.common.loading : !list.error ? t.users.found(list.totalCount ?? list.items.length) : ""}
    </p>
  );
}

/**
 * A part of a page that loads: the spinner while there is nothing to show yet, the error with
 * a retry, the empty text, or the content.
 */
export function Loaded({
  waiting,
  error,
  onRetry,
  empty,
  emptyText,
  children,
}: {
  waiting: boolean;
  error?: unknown;
  onRetry: () => void;
  empty: boolean;
  emptyText: ReactNode;
  children: ReactNode;
}) {
  if (waiting) return <Loading />;
  if (error) return <ErrorState error={error} onRetry={onRetry} />;
  if (empty) return <Empty>{emptyText}</Empty>;
  return <>{children}</>;
}
