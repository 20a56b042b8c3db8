-- M7 expenses (issue 19 items 6–9): budgets per category × org unit × period (approved through the
-- approval engine, subject expense.budget), claims with lines and invoice files (R-EXP-1, subject
-- expense.claim), the over-budget approval (R-EXP-2, subject expense.overBudget), claim history.
-- The app role gets its rights through the default privileges (app-role.ts).
CREATE TABLE "expense_budgets" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "category" text NOT NULL,
  "org_unit_id" uuid NOT NULL REFERENCES "org_units"("id"),
  "period_kind" text NOT NULL,
  "period_start" date NOT NULL,
  "period_end" date NOT NULL,
  "amount_cents" bigint NOT NULL,
  "basis" text,
  "usage_plan" text,
  "status" text DEFAULT 'draft' NOT NULL,
  "approval_request_id" uuid,
  "over_parent_reason" text,
  "created_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "expense_budgets_kind_check" CHECK ("period_kind" IN ('month', 'quarter', 'year')),
  CONSTRAINT "expense_budgets_status_check" CHECK ("status" IN ('draft', 'pending', 'approved', 'rejected')),
  CONSTRAINT "expense_budgets_amount_check" CHECK ("amount_cents" > 0),
  CONSTRAINT "expense_budgets_period_check" CHECK ("period_end" >= "period_start")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "expense_budgets_slot_idx" ON "expense_budgets" ("category", "org_unit_id", "period_kind", "period_start");
--> statement-breakpoint
CREATE INDEX "expense_budgets_period_idx" ON "expense_budgets" ("period_start", "period_end");
--> statement-breakpoint
CREATE TABLE "expense_claims" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "number" text NOT NULL,
  "title" text NOT NULL,
  "claimant_id" uuid NOT NULL REFERENCES "users"("id"),
  "org_unit_id" uuid REFERENCES "org_units"("id"),
  "status" text DEFAULT 'draft' NOT NULL,
  "total_cents" bigint DEFAULT 0 NOT NULL,
  "approval_request_id" uuid,
  "return_requested" boolean DEFAULT false NOT NULL,
  "submitted_at" timestamp with time zone,
  "decided_at" timestamp with time zone,
  "paid_on" date,
  "payment_reference" text,
  "over_budget_status" text DEFAULT 'none' NOT NULL,
  "over_budget_cents" bigint,
  "over_budget_reason" text,
  "over_budget_request_id" uuid,
  "blocked" jsonb,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "expense_claims_status_check" CHECK ("status" IN ('draft', 'submitted', 'returned', 'approved', 'paid', 'rejected')),
  CONSTRAINT "expense_claims_over_budget_check" CHECK ("over_budget_status" IN ('none', 'pending', 'approved', 'rejected'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "expense_claims_number_idx" ON "expense_claims" ("number");
--> statement-breakpoint
CREATE INDEX "expense_claims_claimant_idx" ON "expense_claims" ("claimant_id", "created_at");
--> statement-breakpoint
CREATE INDEX "expense_claims_status_idx" ON "expense_claims" ("status", "created_at");
--> statement-breakpoint
CREATE TABLE "expense_claim_lines" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "claim_id" uuid NOT NULL REFERENCES "expense_claims"("id") ON DELETE CASCADE,
  "line_no" integer NOT NULL,
  "category" text NOT NULL,
  "spent_on" date NOT NULL,
  "amount_cents" bigint NOT NULL,
  "purpose" text NOT NULL,
  "customer_id" uuid REFERENCES "customers"("id"),
  "opportunity_id" uuid REFERENCES "opportunities"("id"),
  "event_id" uuid REFERENCES "events"("id"),
  "invoice_number" text,
  "invoice_key" text,
  "budget_id" uuid REFERENCES "expense_budgets"("id"),
  CONSTRAINT "expense_claim_lines_amount_check" CHECK ("amount_cents" > 0)
);
--> statement-breakpoint
-- R-EXP-1: one invoice number, one claim line, across all claims; the index makes it race-safe.
CREATE UNIQUE INDEX "expense_claim_lines_invoice_idx" ON "expense_claim_lines" ("invoice_key") WHERE "invoice_key" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "expense_claim_lines_claim_idx" ON "expense_claim_lines" ("claim_id", "line_no");
--> statement-breakpoint
CREATE INDEX "expense_claim_lines_budget_idx" ON "expense_claim_lines" ("budget_id");
--> statement-breakpoint
CREATE INDEX "expense_claim_lines_spent_idx" ON "expense_claim_lines" ("spent_on");
--> statement-breakpoint
CREATE TABLE "expense_claim_files" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "claim_id" uuid NOT NULL REFERENCES "expense_claims"("id") ON DELETE CASCADE,
  "line_id" uuid REFERENCES "expense_claim_lines"("id") ON DELETE SET NULL,
  "file_name" text NOT NULL,
  "mime_type" text NOT NULL,
  "size" integer NOT NULL,
  "storage_key" text NOT NULL,
  "uploaded_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "expense_claim_files_claim_idx" ON "expense_claim_files" ("claim_id");
--> statement-breakpoint
CREATE TABLE "expense_claim_events" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "claim_id" uuid NOT NULL REFERENCES "expense_claims"("id") ON DELETE CASCADE,
  "action" text NOT NULL,
  "comment" text,
  "actor_id" uuid REFERENCES "users"("id"),
  "at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "expense_claim_events_claim_idx" ON "expense_claim_events" ("claim_id", "at");
