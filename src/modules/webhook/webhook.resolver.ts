import DataLoader from "dataloader";
import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { pageSize } from "../../common/pagination";
import type { Context } from "../../graphql/context";
import { IdScalar as ID } from "../../graphql/scalars";
import type { DeliveryRow, WebhookRow } from "./webhook.repository";
import { CreateWebhookInput } from "./webhook.inputs";
import { Webhook, WebhookCreated, WebhookDelivery } from "./webhook.type";

const DELIVERIES_DEFAULT = 20;
const DELIVERIES_MAX = 100;

@Resolver(() => Webhook)
export class WebhookResolver {
  @Query(() => [Webhook], {
    description: "Every webhook, oldest first. Admin key only: UNAUTHENTICATED without a key, FORBIDDEN with another.",
  })
  async webhooks(@Ctx() ctx: Context): Promise<WebhookRow[]> {
    ctx.services.webhooks.requireAdmin(ctx.apiKey, "webhooks");
    return ctx.services.webhooks.list(ctx.write);
  }

  @Mutation(() => WebhookCreated, {
    description:
      "Creates a webhook that receives the events of the given kinds committed after its creation; the answer shows the signing secret once. Scope admin.",
  })
  async createWebhook(@Arg("input", { description: "Where and what." }) input: CreateWebhookInput, @Ctx() ctx: Context) {
    return ctx.services.webhooks.create(input, ctx.write);
  }

  @Mutation(() => Boolean, { description: "Deletes a webhook and its deliveries; true when it existed. Scope admin." })
  async deleteWebhook(@Arg("id", () => ID, { description: "The webhook." }) id: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.webhooks.delete(id, ctx.write);
  }

  @FieldResolver(() => [WebhookDelivery], {
    description: "Its most recent deliveries (attempted events), newest event first, with their attempts and errors. Admin key only.",
  })
  async deliveries(
    @Root() w: WebhookRow,
    @Ctx() ctx: Context,
    @Arg("first", () => Int, { nullable: true, defaultValue: DELIVERIES_DEFAULT, description: "At most this many: 1–100; null means 20." })
    first: number | null,
  ): Promise<DeliveryRow[]> {
    ctx.services.webhooks.requireAdmin(ctx.apiKey, "webhook deliveries");
    const limit = pageSize(first, DELIVERIES_DEFAULT, DELIVERIES_MAX);
    const loaders = deliveryLoaders(ctx);
    let loader = loaders.get(limit);
    if (!loader) {
      loader = new DataLoader<string, DeliveryRow[]>(async (ids) => {
        const rows = await ctx.services.webhooks.recentDeliveries(ctx.write, ids, limit);
        return ids.map((id) => rows.filter((r) => r.webhookId === id));
      });
      loaders.set(limit, loader);
    }
    return loader.load(w.id);
  }
}

/** One loader per page size for the request (kept on the context object, per request). */
const perRequest = new WeakMap<Context, Map<number, DataLoader<string, DeliveryRow[]>>>();
function deliveryLoaders(ctx: Context): Map<number, DataLoader<string, DeliveryRow[]>> {
  let m = perRequest.get(ctx);
  if (!m) perRequest.set(ctx, (m = new Map()));
  return m;
}
