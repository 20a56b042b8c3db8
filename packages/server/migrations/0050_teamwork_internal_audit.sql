-- M11 team work and M12 internal audit (issue 21 items 6–9). The app role gets its rights through
-- the default privileges (app-role.ts).
-- Follow-up tasks may now be about no customer: a meeting's action item or an audit rectification
-- task is a real task in the owner's day; `link` says where it came from.
ALTER TABLE "follow_up_tasks" ALTER COLUMN "customer_id" DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD COLUMN "link" text;
--> statement-breakpoint
CREATE TABLE "team_meetings" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "kind" text NOT NULL,
  "title" text NOT NULL,
  "starts_at" timestamp with time zone NOT NULL,
  "unit_id" uuid REFERENCES "org_units"("id"),
  "organiser_id" uuid NOT NULL REFERENCES "users"("id"),
  "attendee_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
  -- the series: kind + unit (weekly, monthly review) or kind + the pair (one-to-one)
  "series_key" text NOT NULL,
  "agenda" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "minutes" text DEFAULT '' NOT NULL,
  "decisions" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "held_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "team_meetings_kind_check" CHECK ("kind" IN ('weekly', 'monthly_review', 'one_to_one'))
);
--> statement-breakpoint
CREATE INDEX "team_meetings_series_idx" ON "team_meetings" ("series_key", "starts_at");
--> statement-breakpoint
CREATE INDEX "team_meetings_organiser_idx" ON "team_meetings" ("organiser_id", "starts_at");
--> statement-breakpoint
CREATE TABLE "meeting_action_items" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "meeting_id" uuid NOT NULL REFERENCES "team_meetings"("id") ON DELETE CASCADE,
  "title" text NOT NULL,
  "owner_id" uuid NOT NULL REFERENCES "users"("id"),
  "due_at" timestamp with time zone NOT NULL,
  "customer_id" uuid REFERENCES "customers"("id") ON DELETE SET NULL,
  "task_id" uuid REFERENCES "follow_up_tasks"("id") ON DELETE SET NULL,
  "dropped_at" timestamp with time zone,
  "review_note" text,
  "reviewed_at" timestamp with time zone,
  "reviewed_in_meeting_id" uuid REFERENCES "team_meetings"("id") ON DELETE SET NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "meeting_action_items_meeting_idx" ON "meeting_action_items" ("meeting_id");
--> statement-breakpoint
CREATE INDEX "meeting_action_items_owner_idx" ON "meeting_action_items" ("owner_id", "due_at");
--> statement-breakpoint
CREATE TABLE "escalations" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "category" text NOT NULL,
  "title" text NOT NULL,
  "details" text DEFAULT '' NOT NULL,
  "customer_id" uuid REFERENCES "customers"("id") ON DELETE SET NULL,
  "raised_by_id" uuid NOT NULL REFERENCES "users"("id"),
  -- the people above the raiser when raised, nearest first (level n = line_ids[n])
  "line_ids" uuid[] NOT NULL,
  "level" integer DEFAULT 1 NOT NULL,
  "assignee_id" uuid REFERENCES "users"("id"),
  "level_started_at" timestamp with time zone NOT NULL,
  "status" text DEFAULT 'open' NOT NULL,
  "resolution" text,
  "resolved_at" timestamp with time zone,
  "resolved_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "escalations_category_check" CHECK ("category" IN ('customer_risk', 'pricing', 'delivery', 'internal')),
  CONSTRAINT "escalations_status_check" CHECK ("status" IN ('open', 'resolved'))
);
--> statement-breakpoint
CREATE INDEX "escalations_open_idx" ON "escalations" ("level_started_at") WHERE "status" = 'open';
--> statement-breakpoint
CREATE INDEX "escalations_customer_idx" ON "escalations" ("customer_id");
--> statement-breakpoint
CREATE TABLE "escalation_events" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "escalation_id" uuid NOT NULL REFERENCES "escalations"("id") ON DELETE CASCADE,
  "kind" text NOT NULL,
  "level" integer NOT NULL,
  "actor_id" uuid REFERENCES "users"("id"),
  "note" text,
  "at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "escalation_events_kind_check" CHECK ("kind" IN ('raised', 'escalated', 'resolved'))
);
--> statement-breakpoint
CREATE INDEX "escalation_events_escalation_idx" ON "escalation_events" ("escalation_id", "at");
--> statement-breakpoint
CREATE TABLE "handovers" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "kind" text NOT NULL,
  "title" text NOT NULL,
  "context" text NOT NULL,
  "customer_id" uuid REFERENCES "customers"("id") ON DELETE SET NULL,
  "escalation_id" uuid REFERENCES "escalations"("id") ON DELETE SET NULL,
  "from_id" uuid NOT NULL REFERENCES "users"("id"),
  "to_user_id" uuid NOT NULL REFERENCES "users"("id"),
  "status" text DEFAULT 'pending' NOT NULL,
  "response_note" text,
  "decided_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "handovers_kind_check" CHECK ("kind" IN ('lead', 'customer', 'issue')),
  CONSTRAINT "handovers_status_check" CHECK ("status" IN ('pending', 'accepted', 'declined'))
);
--> statement-breakpoint
CREATE INDEX "handovers_to_idx" ON "handovers" ("to_user_id", "status");
--> statement-breakpoint
CREATE INDEX "handovers_from_idx" ON "handovers" ("from_id");
--> statement-breakpoint
CREATE INDEX "handovers_customer_idx" ON "handovers" ("customer_id");
--> statement-breakpoint
CREATE TABLE "audit_plans" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "title" text NOT NULL,
  "process" text NOT NULL,
  "region_unit_id" uuid REFERENCES "org_units"("id"),
  "period_from" date NOT NULL,
  "period_to" date NOT NULL,
  "checklist" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "status" text DEFAULT 'planned' NOT NULL,
  "auditor_id" uuid NOT NULL REFERENCES "users"("id"),
  "closed_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "audit_plans_process_check" CHECK ("process" IN ('discounts', 'expenses', 'contracts', 'receivables', 'other')),
  CONSTRAINT "audit_plans_status_check" CHECK ("status" IN ('planned', 'fieldwork', 'reporting', 'closed')),
  CONSTRAINT "audit_plans_period_check" CHECK ("period_from" <= "period_to")
);
--> statement-breakpoint
CREATE TABLE "audit_samples" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "plan_id" uuid NOT NULL REFERENCES "audit_plans"("id") ON DELETE CASCADE,
  "record_kind" text NOT NULL,
  "record_id" uuid NOT NULL,
  "label" text NOT NULL,
  "reason" text NOT NULL,
  "figures" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "viewed_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "audit_samples_kind_check" CHECK ("record_kind" IN ('quote', 'expense_claim'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "audit_samples_record_idx" ON "audit_samples" ("plan_id", "record_kind", "record_id");
--> statement-breakpoint
CREATE TABLE "audit_findings" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "plan_id" uuid NOT NULL REFERENCES "audit_plans"("id") ON DELETE CASCADE,
  "title" text NOT NULL,
  "description" text DEFAULT '' NOT NULL,
  "severity" text NOT NULL,
  "unit_id" uuid NOT NULL REFERENCES "org_units"("id"),
  "responsible_id" uuid NOT NULL REFERENCES "users"("id"),
  "sample_id" uuid REFERENCES "audit_samples"("id") ON DELETE SET NULL,
  "evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "closed_at" timestamp with time zone,
  "close_note" text,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "audit_findings_severity_check" CHECK ("severity" IN ('low', 'medium', 'high', 'critical'))
);
--> statement-breakpoint
CREATE INDEX "audit_findings_plan_idx" ON "audit_findings" ("plan_id");
--> statement-breakpoint
CREATE INDEX "audit_findings_open_idx" ON "audit_findings" ("unit_id") WHERE "closed_at" IS NULL;
--> statement-breakpoint
CREATE TABLE "audit_rectifications" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "finding_id" uuid NOT NULL REFERENCES "audit_findings"("id") ON DELETE CASCADE,
  "title" text NOT NULL,
  "owner_id" uuid NOT NULL REFERENCES "users"("id"),
  "deadline" timestamp with time zone NOT NULL,
  "task_id" uuid REFERENCES "follow_up_tasks"("id") ON DELETE SET NULL,
  "status" text DEFAULT 'open' NOT NULL,
  "note" text,
  "submitted_at" timestamp with time zone,
  "verified_at" timestamp with time zone,
  "verified_by_id" uuid REFERENCES "users"("id"),
  "verification_note" text,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "audit_rectifications_status_check" CHECK ("status" IN ('open', 'submitted', 'accepted', 'rejected'))
);
--> statement-breakpoint
CREATE INDEX "audit_rectifications_finding_idx" ON "audit_rectifications" ("finding_id");
--> statement-breakpoint
CREATE INDEX "audit_rectifications_owner_idx" ON "audit_rectifications" ("owner_id");
--> statement-breakpoint
CREATE TABLE "audit_rectification_files" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "rectification_id" uuid NOT NULL REFERENCES "audit_rectifications"("id") ON DELETE CASCADE,
  "file_name" text NOT NULL,
  "mime_type" text NOT NULL,
  "size_bytes" integer NOT NULL,
  "storage_key" text NOT NULL,
  "uploaded_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_rectification_files_rect_idx" ON "audit_rectification_files" ("rectification_id");
