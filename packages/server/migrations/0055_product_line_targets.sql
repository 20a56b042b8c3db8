-- Issue 18 item 1: a bookings target can be set per product line, decomposed down the org tree like
-- the company's (R-TGT-1). A plan is now one year × metric × product line (null: all lines), each
-- with its own versions and its own current version.
ALTER TABLE "target_plans" ADD COLUMN "product_line_id" uuid REFERENCES "product_lines"("id");
--> statement-breakpoint
ALTER TABLE "target_plans" ADD CONSTRAINT "target_plans_product_line_check" CHECK ("product_line_id" IS NULL OR "metric" = 'bookings');
--> statement-breakpoint
ALTER TABLE "target_plans" DROP CONSTRAINT "target_plans_version_unique";
--> statement-breakpoint
ALTER TABLE "target_plans" ADD CONSTRAINT "target_plans_version_unique" UNIQUE NULLS NOT DISTINCT ("year", "metric", "product_line_id", "version");
--> statement-breakpoint
DROP INDEX "target_plans_current_idx";
--> statement-breakpoint
CREATE UNIQUE INDEX "target_plans_current_idx" ON "target_plans" ("year", "metric", "product_line_id") NULLS NOT DISTINCT WHERE "is_current";
