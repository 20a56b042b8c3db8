-- Issue 17 (h17b): deals at the event and event offers. `event_deals` holds the attributions made
-- by hand (one event per order); automatic attribution (an attendee's order during the event or
-- within the settings period after it) is computed by the events module, not stored. An event
-- offer is a promotion of kind 'event' tied to its event (R-PRC-1 extended, not forked).
-- The app role gets its rights through the default privileges (app-role.ts).
CREATE TABLE "event_deals" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "event_id" uuid NOT NULL REFERENCES "events"("id") ON DELETE CASCADE,
  "order_id" uuid NOT NULL REFERENCES "orders"("id") ON DELETE CASCADE,
  "attributed_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "event_deals_order_idx" ON "event_deals" ("order_id");
--> statement-breakpoint
CREATE INDEX "event_deals_event_idx" ON "event_deals" ("event_id");
--> statement-breakpoint
ALTER TABLE "promotions" ADD COLUMN "event_id" uuid REFERENCES "events"("id") ON DELETE CASCADE;
--> statement-breakpoint
CREATE INDEX "promotions_event_idx" ON "promotions" ("event_id") WHERE "event_id" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_event_kind_check" CHECK (("kind" = 'event') = ("event_id" IS NOT NULL));
--> statement-breakpoint
CREATE INDEX "orders_customer_ordered_idx" ON "orders" ("customer_id", "ordered_at");
