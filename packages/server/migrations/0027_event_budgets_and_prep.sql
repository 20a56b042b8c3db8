-- Issue 17 item 2: an event's budget (approved through the approval engine as `event.budget`),
-- its cost lines, the actual costs recorded against them (R-EXP-2) and the preparation checklist.
CREATE TABLE "event_budgets" (
  "event_id" uuid PRIMARY KEY NOT NULL REFERENCES "events"("id") ON DELETE CASCADE,
  "status" text DEFAULT 'draft' NOT NULL,
  "approval_request_id" uuid,
  "submitted_at" timestamp with time zone,
  "decided_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "event_budgets_status_check" CHECK ("status" IN ('draft', 'pending', 'approved', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "event_budget_lines" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "event_id" uuid NOT NULL REFERENCES "event_budgets"("event_id") ON DELETE CASCADE,
  "category" text NOT NULL,
  "description" text,
  "amount_cents" bigint NOT NULL,
  "position" integer DEFAULT 0 NOT NULL,
  CONSTRAINT "event_budget_lines_amount_check" CHECK ("amount_cents" >= 0),
  CONSTRAINT "event_budget_lines_category_check"
    CHECK ("category" IN ('venue', 'catering', 'gifts', 'materials', 'speakers', 'invitation', 'travel', 'other'))
);
--> statement-breakpoint
CREATE INDEX "event_budget_lines_event_idx" ON "event_budget_lines" ("event_id", "position");
--> statement-breakpoint
CREATE TABLE "event_costs" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "event_id" uuid NOT NULL REFERENCES "events"("id") ON DELETE CASCADE,
  "line_id" uuid NOT NULL REFERENCES "event_budget_lines"("id"),
  "amount_cents" bigint NOT NULL,
  "description" text NOT NULL,
  "incurred_on" date NOT NULL,
  "status" text DEFAULT 'recorded' NOT NULL,
  "over_budget" boolean DEFAULT false NOT NULL,
  "reason" text,
  "approval_request_id" uuid,
  "recorded_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "event_costs_amount_check" CHECK ("amount_cents" > 0),
  CONSTRAINT "event_costs_status_check" CHECK ("status" IN ('recorded', 'pending_approval', 'rejected'))
);
--> statement-breakpoint
CREATE INDEX "event_costs_event_idx" ON "event_costs" ("event_id", "created_at");
--> statement-breakpoint
CREATE INDEX "event_costs_line_idx" ON "event_costs" ("line_id");
--> statement-breakpoint
CREATE TABLE "event_prep_tasks" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "event_id" uuid NOT NULL REFERENCES "events"("id") ON DELETE CASCADE,
  "department" text NOT NULL,
  "title" text NOT NULL,
  "owner_id" uuid REFERENCES "users"("id"),
  "due_at" timestamp with time zone NOT NULL,
  "done_at" timestamp with time zone,
  "done_by_id" uuid REFERENCES "users"("id"),
  "position" integer DEFAULT 0 NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "event_prep_tasks_department_check" CHECK ("department" IN ('sales', 'marketing', 'admin'))
);
--> statement-breakpoint
CREATE INDEX "event_prep_tasks_event_idx" ON "event_prep_tasks" ("event_id", "due_at");
--> statement-breakpoint
CREATE INDEX "event_prep_tasks_owner_idx" ON "event_prep_tasks" ("owner_id", "due_at") WHERE "done_at" IS NULL;
