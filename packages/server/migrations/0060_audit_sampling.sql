-- Issue 21 item 8 (audit sampling): "quotes within n % under an approval limit" reads the quotes whose
-- discount (amount or percent) lies in a narrow range under each limit of the discount matrix. With
-- these indexes the ranges are a few index scans combined, not a scan of every quote of the period.
CREATE INDEX IF NOT EXISTS "quotes_discount_cents_idx" ON "quotes" ("discount_cents") WHERE "discount_cents" > 0;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "quotes_discount_bp_idx" ON "quotes" ("discount_bp") WHERE "discount_bp" > 0;
--> statement-breakpoint
-- A random draw whose period is a small part of the quotes reads that period through this index.
CREATE INDEX IF NOT EXISTS "quotes_created_idx" ON "quotes" ("created_at");
