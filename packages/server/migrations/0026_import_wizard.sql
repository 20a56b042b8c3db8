-- Issue 22: employee numbers for owners in imported files, notes on customers, the header row and
-- value mapping of an import, and both remembered per user for the next file with the same headers.
ALTER TABLE "users" ADD COLUMN "employee_no" text;--> statement-breakpoint
CREATE UNIQUE INDEX "users_employee_no_idx" ON "users" USING btree (lower("employee_no")) WHERE "employee_no" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "header_row" integer;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "header_candidates" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD COLUMN "value_mapping" jsonb;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD COLUMN "value_mapping" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD COLUMN "headers" jsonb DEFAULT '[]'::jsonb NOT NULL;
