import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { IdScalar as ID } from "../../graphql/scalars";
import { AwardEventKind } from "../event/event.type";

export enum WebhookDeliveryStatus {
  PENDING = "PENDING",
  DELIVERED = "DELIVERED",
  FAILED = "FAILED",
}

registerEnumType(WebhookDeliveryStatus, {
  name: "WebhookDeliveryStatus",
  description: "Where the delivery of one event to one webhook stands.",
  valuesConfig: {
    PENDING: { description: "Attempted and failed; retried at nextAttemptAt (later events wait)." },
    DELIVERED: { description: "The receiver answered 2xx." },
    FAILED: { description: "Given up: still failing 24 hours after the event was committed." },
  },
});

@ObjectType({ description: "An endpoint that receives events as signed POST requests (admin key only)." })
export class Webhook {
  @Field(() => ID, { description: "Assigned by the service." })
  id!: string;

  @Field({ description: "Where events are POSTed." })
  url!: string;

  @Field(() => [AwardEventKind], { description: "The kinds of event it receives." })
  events!: AwardEventKind[];

  @Field({ description: "When it was created; it receives the events committed after that." })
  createdAt!: Date;
}

@ObjectType({ description: "The delivery of one event to one webhook, once attempted." })
export class WebhookDelivery {
  @Field(() => ID, { description: "The event delivered (AwardEvent.id, X-Achievements-Event-Id)." })
  eventId!: string;

  @Field(() => WebhookDeliveryStatus, { description: "Delivered, still being retried, or given up." })
  status!: WebhookDeliveryStatus;

  @Field(() => Int, { description: "POST attempts made so far." })
  attempts!: number;

  @Field(() => Int, { nullable: true, description: "The HTTP status of the last answer; null when there was none (refused, timed out)." })
  lastStatusCode!: number | null;

  @Field(() => String, { nullable: true, description: "Why the last attempt failed; null after a success." })
  lastError!: string | null;

  @Field(() => Date, { nullable: true, description: "When the last attempt was made." })
  lastAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When it will be attempted again (PENDING only)." })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When the receiver answered 2xx." })
  deliveredAt!: Date | null;
}

@ObjectType({ description: "A new webhook and its signing secret." })
export class WebhookCreated {
  @Field(() => Webhook, { description: "The webhook." })
  webhook!: Webhook;

  @Field({ description: "The signing secret; shown only in this answer." })
  secret!: string;
}
