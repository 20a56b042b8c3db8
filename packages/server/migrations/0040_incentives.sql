-- M6 incentives (issue 19 items 4–5): commission plans (R-COM-1) with split credit per contract,
-- monthly commission statements (approved through the approval engine, subject commission.statement),
-- honours per period with a manager's confirmation.
-- The app role gets its rights through the default privileges (app-role.ts).
CREATE TABLE "commission_plans" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "name" text NOT NULL,
  "tier_basis" text NOT NULL,
  "method" text NOT NULL,
  "base" text DEFAULT 'collections' NOT NULL,
  "tiers" jsonb NOT NULL,
  "cap_cents" bigint,
  "clawback_rate_bp" integer DEFAULT 0 NOT NULL,
  "active" boolean DEFAULT true NOT NULL,
  "note" text,
  "created_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "commission_plans_tier_basis_check" CHECK ("tier_basis" IN ('attainment', 'amount')),
  CONSTRAINT "commission_plans_method_check" CHECK ("method" IN ('marginal', 'whole')),
  CONSTRAINT "commission_plans_base_check" CHECK ("base" IN ('collections', 'bookings'))
);
--> statement-breakpoint
CREATE TABLE "commission_splits" (
  "contract_id" uuid NOT NULL REFERENCES "contracts"("id") ON DELETE CASCADE,
  "user_id" uuid NOT NULL REFERENCES "users"("id"),
  "share_bp" integer NOT NULL,
  PRIMARY KEY ("contract_id", "user_id"),
  CONSTRAINT "commission_splits_share_check" CHECK ("share_bp" > 0 AND "share_bp" <= 10000)
);
--> statement-breakpoint
CREATE INDEX "commission_splits_user_idx" ON "commission_splits" ("user_id");
--> statement-breakpoint
CREATE TABLE "commission_statements" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "period" text NOT NULL,
  "user_id" uuid NOT NULL REFERENCES "users"("id"),
  "org_unit_id" uuid REFERENCES "org_units"("id"),
  "plan_id" uuid NOT NULL REFERENCES "commission_plans"("id"),
  "status" text DEFAULT 'draft' NOT NULL,
  "base_cents" bigint NOT NULL,
  "target_cents" bigint,
  "attainment_bp" integer,
  "gross_cents" bigint NOT NULL,
  "capped_cents" bigint NOT NULL,
  "written_off_cents" bigint NOT NULL,
  "clawback_cents" bigint NOT NULL,
  "total_cents" bigint NOT NULL,
  "slices" jsonb NOT NULL,
  "lines" jsonb NOT NULL,
  "approval_request_id" uuid,
  "computed_at" timestamp with time zone DEFAULT now() NOT NULL,
  "decided_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "commission_statements_status_check" CHECK ("status" IN ('draft', 'submitted', 'approved', 'rejected'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "commission_statements_person_idx" ON "commission_statements" ("period", "user_id");
--> statement-breakpoint
CREATE INDEX "commission_statements_user_idx" ON "commission_statements" ("user_id", "period");
--> statement-breakpoint
CREATE TABLE "honours" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "period" text NOT NULL,
  "award" text NOT NULL,
  "metric" text NOT NULL,
  "user_id" uuid NOT NULL REFERENCES "users"("id"),
  "value" bigint NOT NULL,
  "status" text DEFAULT 'proposed' NOT NULL,
  "confirmed_by_id" uuid REFERENCES "users"("id"),
  "confirmed_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "honours_status_check" CHECK ("status" IN ('proposed', 'confirmed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "honours_award_idx" ON "honours" ("period", "award");
