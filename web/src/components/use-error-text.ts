import { RequestError } from "../graphql/client";
import { KeyCancelledError } from "../auth/use-api-key";
import { useI18n } from "../i18n/use-i18n";

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
