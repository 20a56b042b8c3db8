-- M6 performance (issue 19 items 1–3, R-KPI-1): KPI templates per role, review cycles, one review per
-- person and cycle with its frozen figures and scores, raters (supervisor, peers chosen by the
-- supervisor), feedback with improvement actions, and appeals (once per KPI, decided a level up).
CREATE TABLE "kpi_templates" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "name" text NOT NULL,
  "role" text NOT NULL,
  "cycle_kind" text NOT NULL,
  "items" jsonb NOT NULL,
  "rater_weights" jsonb NOT NULL,
  "active" boolean DEFAULT true NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "kpi_templates_cycle_kind_check" CHECK ("cycle_kind" IN ('month', 'quarter', 'year'))
);
--> statement-breakpoint
CREATE TABLE "review_cycles" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "template_id" uuid NOT NULL REFERENCES "kpi_templates"("id"),
  "kind" text NOT NULL,
  "period_from" date NOT NULL,
  "period_to" date NOT NULL,
  "status" text DEFAULT 'open' NOT NULL,
  "opened_by_id" uuid REFERENCES "users"("id"),
  "closed_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "review_cycles_status_check" CHECK ("status" IN ('open', 'closed')),
  CONSTRAINT "review_cycles_period_check" CHECK ("period_from" <= "period_to")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "review_cycles_template_period_idx" ON "review_cycles" ("template_id", "period_from");
--> statement-breakpoint
CREATE TABLE "performance_reviews" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "cycle_id" uuid NOT NULL REFERENCES "review_cycles"("id") ON DELETE CASCADE,
  "person_id" uuid NOT NULL REFERENCES "users"("id"),
  "supervisor_id" uuid REFERENCES "users"("id"),
  "status" text DEFAULT 'open' NOT NULL,
  "figures" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "customer_score" jsonb,
  "scores" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "total" numeric(6, 1),
  "grade" text,
  "computed_at" timestamp with time zone,
  "strengths" text,
  "gaps" text,
  "feedback_at" timestamp with time zone,
  "feedback_by_id" uuid REFERENCES "users"("id"),
  "acknowledged_at" timestamp with time zone,
  "person_comment" text,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "performance_reviews_status_check" CHECK ("status" IN ('open', 'closed')),
  CONSTRAINT "performance_reviews_grade_check" CHECK ("grade" IS NULL OR "grade" IN ('A', 'B', 'C', 'D'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "performance_reviews_cycle_person_idx" ON "performance_reviews" ("cycle_id", "person_id");
--> statement-breakpoint
CREATE INDEX "performance_reviews_person_idx" ON "performance_reviews" ("person_id", "created_at");
--> statement-breakpoint
CREATE TABLE "review_raters" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "review_id" uuid NOT NULL REFERENCES "performance_reviews"("id") ON DELETE CASCADE,
  "rater_id" uuid NOT NULL REFERENCES "users"("id"),
  "kind" text NOT NULL,
  "scores" jsonb,
  "comment" text,
  "submitted_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "review_raters_kind_check" CHECK ("kind" IN ('supervisor', 'peer'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "review_raters_review_rater_idx" ON "review_raters" ("review_id", "rater_id");
--> statement-breakpoint
CREATE INDEX "review_raters_rater_idx" ON "review_raters" ("rater_id");
--> statement-breakpoint
CREATE TABLE "review_actions" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "review_id" uuid NOT NULL REFERENCES "performance_reviews"("id") ON DELETE CASCADE,
  "action" text NOT NULL,
  "owner_id" uuid NOT NULL REFERENCES "users"("id"),
  "due_on" date NOT NULL,
  "done_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "review_actions_review_idx" ON "review_actions" ("review_id");
--> statement-breakpoint
CREATE TABLE "review_appeals" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "review_id" uuid NOT NULL REFERENCES "performance_reviews"("id") ON DELETE CASCADE,
  "item_key" text NOT NULL,
  "reason" text NOT NULL,
  "status" text DEFAULT 'pending' NOT NULL,
  "decider_id" uuid REFERENCES "users"("id"),
  "decision_note" text,
  "new_score" numeric(5, 1),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "decided_at" timestamp with time zone,
  CONSTRAINT "review_appeals_status_check" CHECK ("status" IN ('pending', 'upheld', 'rejected'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "review_appeals_review_item_idx" ON "review_appeals" ("review_id", "item_key");
