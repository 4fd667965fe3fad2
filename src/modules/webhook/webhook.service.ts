import { BadUserInputError, ForbiddenError, UnauthenticatedError } from "../../common/errors";
import { parseId } from "../../common/ids";
import type { ApiKey } from "../../auth/api-keys";
import type { Queryable } from "../../db/queryable";
import type { AwardEventKind } from "../event/event.repository";
import { addressesOf, hostOf, isPrivateAddress } from "./webhook.address";
import { webhookRepository } from "./webhook.repository";
import type { DeliveryRow, WebhookRow } from "./webhook.repository";
import { newSecret } from "./webhook.signature";

const MAX_URL_LENGTH = 2000;
const KINDS: readonly AwardEventKind[] = ["AWARDED", "REVOKED", "PROGRESSED"];

export interface WebhookOptions {
  /** WEBHOOK_ALLOW_PRIVATE: loopback and private addresses allowed. */
  allowPrivate: boolean;
  /** Told after a webhook is created or deleted here (the deliverer picks it up at once). */
  changed?: () => void;
}

export class WebhookService {
  constructor(private readonly options: WebhookOptions) {}

  /** `webhooks` and `Webhook.deliveries`: UNAUTHENTICATED without a key, FORBIDDEN below admin. */
  requireAdmin(key: ApiKey | undefined, what: string): void {
    if (!key) throw new UnauthenticatedError(`${what} needs an admin key: send Authorization: Bearer <key>`);
    if (key.scope !== "admin")
      throw new ForbiddenError(`The key "${key.name}" (scope ${key.scope}) may not read ${what}: it needs an admin key`);
  }

  async create(input: { url: string; events: readonly string[] }, db: Queryable): Promise<{ webhook: WebhookRow; secret: string }> {
    const url = await this.checkUrl(input.url);
    const events = KINDS.filter((k) => input.events.includes(k));
    if (events.length === 0) throw new BadUserInputError("events", "events must name at least one event kind");
    const secret = newSecret();
    const webhook = await webhookRepository.create(db, url, events, secret);
    this.options.changed?.();
    return { webhook, secret };
  }

  async delete(id: string, db: Queryable): Promise<boolean> {
    const deleted = await webhookRepository.delete(db, parseId(id, "id"));
    if (deleted) this.options.changed?.();
    return deleted;
  }

  list(db: Queryable): Promise<WebhookRow[]> {
    return webhookRepository.list(db);
  }

  recentDeliveries(db: Queryable, webhookIds: readonly string[], limit: number): Promise<DeliveryRow[]> {
    return webhookRepository.recentDeliveries(db, webhookIds, limit);
  }

  /** An http(s) URL whose host is no loopback or private address, each address DNS gives included. */
  private async checkUrl(raw: string): Promise<string> {
    const text = raw.trim();
    if (text.length === 0 || text.length > MAX_URL_LENGTH) throw new BadUserInputError("url", `url must be 1-${MAX_URL_LENGTH} characters`);
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new BadUserInputError("url", "url is not a URL");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new BadUserInputError("url", "url must be http:// or https://");
    if (url.username || url.password) throw new BadUserInputError("url", "url must not carry credentials");
    if (!this.options.allowPrivate) {
      let addresses: string[];
      try {
        addresses = await addressesOf(hostOf(url));
      } catch {
        throw new BadUserInputError("url", `url's host ${hostOf(url).slice(0, 100)} cannot be resolved`);
      }
      if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
        throw new BadUserInputError("url", "url points to a loopback, private or reserved address (WEBHOOK_ALLOW_PRIVATE=true allows it)");
      }
    }
    return url.toString();
  }
}
