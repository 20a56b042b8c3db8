-- Issue 20: periodic surveys per customer tier and phone revisits (item 6), session materials as
-- uploaded files and practical tasks graded by a rubric (item 3, R-TRN-2). The app role gets its
-- rights on the new tables through the default privileges (app-role.ts).
ALTER TABLE "survey_templates" ADD COLUMN "script" text DEFAULT '' NOT NULL;
--> statement-breakpoint
ALTER TABLE "survey_templates" ADD COLUMN "tier_months" jsonb DEFAULT '{}'::jsonb NOT NULL;
--> statement-breakpoint
ALTER TABLE "survey_templates" DROP CONSTRAINT "survey_templates_trigger_check";
--> statement-breakpoint
ALTER TABLE "survey_templates" ADD CONSTRAINT "survey_templates_trigger_check" CHECK ("trigger" IN ('ticket_closed', 'order_accepted', 'manual', 'periodic'));
--> statement-breakpoint
ALTER TABLE "survey_links" ADD COLUMN "answered_by_id" uuid REFERENCES "users"("id");
--> statement-breakpoint
ALTER TABLE "survey_links" ADD COLUMN "revisit_note" text;
--> statement-breakpoint
CREATE INDEX "survey_links_revisit_idx" ON "survey_links" ("owner_id", "sent_at") WHERE "answered_at" IS NULL;
--> statement-breakpoint
CREATE INDEX "survey_links_template_customer_idx" ON "survey_links" ("template_id", "customer_id", "sent_at");
--> statement-breakpoint
CREATE TABLE "training_materials" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "session_id" uuid NOT NULL REFERENCES "training_sessions"("id") ON DELETE CASCADE,
  "file_name" text NOT NULL,
  "mime_type" text NOT NULL,
  "size" integer NOT NULL,
  "storage_key" text NOT NULL,
  "uploaded_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "training_materials_session_idx" ON "training_materials" ("session_id");
--> statement-breakpoint
CREATE TABLE "training_tasks" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "session_id" uuid NOT NULL REFERENCES "training_sessions"("id") ON DELETE CASCADE,
  "title" text NOT NULL,
  "criteria" jsonb NOT NULL,
  "pass_percent" integer NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "training_tasks_session_idx" ON "training_tasks" ("session_id");
--> statement-breakpoint
CREATE TABLE "training_task_grades" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "task_id" uuid NOT NULL REFERENCES "training_tasks"("id") ON DELETE CASCADE,
  "user_id" uuid NOT NULL REFERENCES "users"("id"),
  "scores" jsonb NOT NULL,
  "points" integer NOT NULL,
  "max_points" integer NOT NULL,
  "percent" integer NOT NULL,
  "passed" boolean NOT NULL,
  "comment" text,
  "graded_by_id" uuid REFERENCES "users"("id"),
  "graded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "training_task_grades_task_user_idx" ON "training_task_grades" ("task_id", "user_id");
--> statement-breakpoint
CREATE INDEX "training_task_grades_user_idx" ON "training_task_grades" ("user_id", "graded_at");
