-- The activity feed (issue 16): an interaction may be logged against an opportunity (the log-activity
-- button on its page), and the feed reads each module's records by customer or by opportunity.
ALTER TABLE "interactions" ADD COLUMN IF NOT EXISTS "opportunity_id" uuid REFERENCES "opportunities"("id") ON DELETE SET NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "interactions_opportunity_idx" ON "interactions" USING btree ("opportunity_id","occurred_at") WHERE "opportunity_id" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "contracts_opportunity_idx" ON "contracts" USING btree ("opportunity_id") WHERE "opportunity_id" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "receipts_customer_idx" ON "receipts" USING btree ("customer_id","created_at");
