-- M4 targets (issue 18): annual targets per metric decomposed over months and down the org tree
-- (R-TGT-1), kept as versions (a change never overwrites: the old version stays with who made it),
-- and the responsibility letters people acknowledge. The app role gets its rights through the
-- default privileges (app-role.ts).
CREATE TABLE "target_plans" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "year" integer NOT NULL,
  "metric" text NOT NULL,
  "version" integer NOT NULL,
  "is_current" boolean DEFAULT true NOT NULL,
  "stretch_pct" integer DEFAULT 110 NOT NULL,
  "challenge_pct" integer DEFAULT 120 NOT NULL,
  -- R-TGT-1: [{nodeId, reason, yearDifference}] for each parent accepted although it does not add up.
  "confirmations" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "note" text,
  "created_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "target_plans_metric_check" CHECK ("metric" IN ('bookings', 'collections', 'newCustomers')),
  CONSTRAINT "target_plans_version_unique" UNIQUE ("year", "metric", "version")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "target_plans_current_idx" ON "target_plans" ("year", "metric") WHERE "is_current";
--> statement-breakpoint
CREATE TABLE "target_values" (
  "plan_id" uuid NOT NULL REFERENCES "target_plans"("id") ON DELETE CASCADE,
  -- An org unit or a person; the tree as it was when the version was saved.
  "node_id" uuid NOT NULL,
  "node_kind" text NOT NULL,
  "parent_id" uuid,
  "months" bigint[] NOT NULL,
  PRIMARY KEY ("plan_id", "node_id"),
  CONSTRAINT "target_values_kind_check" CHECK ("node_kind" IN ('unit', 'user')),
  CONSTRAINT "target_values_months_check" CHECK (cardinality("months") = 12)
);
--> statement-breakpoint
CREATE INDEX "target_values_node_idx" ON "target_values" ("node_id");
--> statement-breakpoint
CREATE TABLE "target_acknowledgements" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "year" integer NOT NULL,
  "user_id" uuid NOT NULL REFERENCES "users"("id"),
  -- The terms acknowledged (metric, version, months); a later change of them needs a new acknowledgement.
  "terms" jsonb NOT NULL,
  "acknowledged_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "target_acknowledgements_user_idx" ON "target_acknowledgements" ("user_id", "year", "acknowledged_at");
