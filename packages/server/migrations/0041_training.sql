-- M8 training and development (issue 20 items 1–4): the annual plan and its sessions, enrolment with a
-- waiting list and a check-in code per enrolment, question banks, one exam per session with attempts
-- (R-TRN-1), certifications with expiry, development goals. The app role gets its rights through the
-- default privileges (app-role.ts).
CREATE TABLE "training_plans" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "year" integer NOT NULL,
  "title" text NOT NULL,
  "goals" text DEFAULT '' NOT NULL,
  "budget_cents" bigint DEFAULT 0 NOT NULL,
  "status" text DEFAULT 'draft' NOT NULL,
  "created_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "training_plans_status_check" CHECK ("status" IN ('draft', 'published'))
);
--> statement-breakpoint
CREATE INDEX "training_plans_year_idx" ON "training_plans" ("year");
--> statement-breakpoint
CREATE TABLE "training_sessions" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "plan_id" uuid NOT NULL REFERENCES "training_plans"("id") ON DELETE CASCADE,
  "title" text NOT NULL,
  "topic" text NOT NULL,
  "method" text NOT NULL,
  "level" text NOT NULL,
  "audience_roles" text[] DEFAULT '{}'::text[] NOT NULL,
  "starts_at" timestamp with time zone NOT NULL,
  "ends_at" timestamp with time zone NOT NULL,
  "location" text DEFAULT '' NOT NULL,
  "capacity" integer NOT NULL,
  "trainer_id" uuid REFERENCES "users"("id"),
  "external_trainer" text,
  "budget_cents" bigint DEFAULT 0 NOT NULL,
  "materials" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "certification" text,
  "cert_valid_months" integer,
  "reminded_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "training_sessions_period_check" CHECK ("ends_at" > "starts_at"),
  CONSTRAINT "training_sessions_capacity_check" CHECK ("capacity" > 0)
);
--> statement-breakpoint
CREATE INDEX "training_sessions_plan_idx" ON "training_sessions" ("plan_id", "starts_at");
--> statement-breakpoint
CREATE INDEX "training_sessions_starts_idx" ON "training_sessions" ("starts_at");
--> statement-breakpoint
CREATE TABLE "training_enrolments" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "session_id" uuid NOT NULL REFERENCES "training_sessions"("id") ON DELETE CASCADE,
  "user_id" uuid NOT NULL REFERENCES "users"("id"),
  "status" text DEFAULT 'enrolled' NOT NULL,
  "assigned_by_id" uuid REFERENCES "users"("id"),
  "qr_token" text DEFAULT replace(gen_random_uuid()::text, '-', '') NOT NULL,
  "attended_at" timestamp with time zone,
  "feedback_rating" smallint,
  "feedback_comment" text,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "training_enrolments_status_check" CHECK ("status" IN ('enrolled', 'waitlisted', 'cancelled')),
  CONSTRAINT "training_enrolments_rating_check" CHECK ("feedback_rating" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "training_enrolments_person_idx" ON "training_enrolments" ("session_id", "user_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "training_enrolments_token_idx" ON "training_enrolments" ("qr_token");
--> statement-breakpoint
CREATE INDEX "training_enrolments_user_idx" ON "training_enrolments" ("user_id");
--> statement-breakpoint
CREATE TABLE "training_question_banks" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "title" text NOT NULL,
  "topic" text NOT NULL,
  "questions" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_exams" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "session_id" uuid NOT NULL REFERENCES "training_sessions"("id") ON DELETE CASCADE,
  "bank_id" uuid REFERENCES "training_question_banks"("id") ON DELETE SET NULL,
  "title" text NOT NULL,
  "pass_percent" integer NOT NULL,
  "time_limit_minutes" integer NOT NULL,
  "max_attempts" integer NOT NULL,
  "questions" jsonb NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "training_exams_pass_check" CHECK ("pass_percent" BETWEEN 1 AND 100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "training_exams_session_idx" ON "training_exams" ("session_id");
--> statement-breakpoint
CREATE TABLE "training_attempts" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "exam_id" uuid NOT NULL REFERENCES "training_exams"("id") ON DELETE CASCADE,
  "user_id" uuid NOT NULL REFERENCES "users"("id"),
  "attempt_no" integer NOT NULL,
  "status" text DEFAULT 'in_progress' NOT NULL,
  "started_at" timestamp with time zone NOT NULL,
  "deadline_at" timestamp with time zone NOT NULL,
  "submitted_at" timestamp with time zone,
  "answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "awards" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "points" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "score" integer,
  "percent" integer,
  "graded_by_id" uuid REFERENCES "users"("id"),
  CONSTRAINT "training_attempts_status_check" CHECK ("status" IN ('in_progress', 'pending_grading', 'passed', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "training_attempts_no_idx" ON "training_attempts" ("exam_id", "user_id", "attempt_no");
--> statement-breakpoint
CREATE INDEX "training_attempts_user_idx" ON "training_attempts" ("user_id");
--> statement-breakpoint
CREATE TABLE "training_certifications" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "user_id" uuid NOT NULL REFERENCES "users"("id"),
  "name" text NOT NULL,
  "session_id" uuid REFERENCES "training_sessions"("id") ON DELETE SET NULL,
  "attempt_id" uuid REFERENCES "training_attempts"("id") ON DELETE SET NULL,
  "issued_at" timestamp with time zone NOT NULL,
  "expires_at" timestamp with time zone,
  "reminded_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "training_certifications_user_idx" ON "training_certifications" ("user_id", "name");
--> statement-breakpoint
CREATE INDEX "training_certifications_expiry_idx" ON "training_certifications" ("expires_at") WHERE "reminded_at" IS NULL;
--> statement-breakpoint
CREATE TABLE "training_goals" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "user_id" uuid NOT NULL REFERENCES "users"("id"),
  "title" text NOT NULL,
  "target_role" text,
  "topic" text,
  "due_on" date,
  "done_at" timestamp with time zone,
  "created_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "training_goals_user_idx" ON "training_goals" ("user_id");
