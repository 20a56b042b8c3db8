CREATE INDEX "customers_owner_tier_idx" ON "customers" USING btree ("owner_id","tier") WHERE "customers"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "customers_tier_owner_idx" ON "customers" USING btree ("tier","owner_id") WHERE "customers"."merged_into_id" is null;--> statement-breakpoint
ALTER TABLE "customers" DROP COLUMN "rfm_recency_days";--> statement-breakpoint
ALTER TABLE "customers" DROP COLUMN "rfm_computed_at";