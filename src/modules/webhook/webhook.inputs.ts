import { Field, InputType } from "type-graphql";
import { AwardEventKind } from "../event/event.type";

@InputType({ description: "A new webhook." })
export class CreateWebhookInput {
  @Field({ description: "An http:// or https:// URL; loopback and private addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true." })
  url!: string;

  @Field(() => [AwardEventKind], { description: "The kinds of event to receive; at least one." })
  events!: AwardEventKind[];
}
