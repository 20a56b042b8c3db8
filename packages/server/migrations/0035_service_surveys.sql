-- M9 satisfaction surveys (issue 20, R-SVC-2): templates and one link per customer and sending; the
-- answer is written on the link by one conditional UPDATE (one answer per link, race-safe).
CREATE TABLE "survey_templates" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "name" text NOT NULL,
  "trigger" text NOT NULL,
  "csat" boolean DEFAULT true NOT NULL,
  "nps" boolean DEFAULT true NOT NULL,
  "questions" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "active" boolean DEFAULT true NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "survey_templates_trigger_check" CHECK ("trigger" IN ('ticket_closed', 'order_accepted', 'manual'))
);
--> statement-breakpoint
CREATE TABLE "survey_links" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "template_id" uuid NOT NULL REFERENCES "survey_templates"("id"),
  "token" text NOT NULL,
  "customer_id" uuid NOT NULL REFERENCES "customers"("id"),
  "owner_id" uuid NOT NULL REFERENCES "users"("id"),
  "complaint_id" uuid REFERENCES "complaints"("id") ON DELETE SET NULL,
  "order_id" uuid REFERENCES "orders"("id"),
  "sent_at" timestamp with time zone NOT NULL,
  "expires_at" timestamp with time zone NOT NULL,
  "answered_at" timestamp with time zone,
  "csat" smallint,
  "nps" smallint,
  "answers" jsonb,
  "comment" text,
  "follow_up_task_id" uuid,
  CONSTRAINT "survey_links_csat_check" CHECK ("csat" IS NULL OR "csat" BETWEEN 1 AND 5),
  CONSTRAINT "survey_links_nps_check" CHECK ("nps" IS NULL OR "nps" BETWEEN 0 AND 10)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "survey_links_token_idx" ON "survey_links" ("token");
--> statement-breakpoint
CREATE INDEX "survey_links_customer_idx" ON "survey_links" ("customer_id", "answered_at");
--> statement-breakpoint
CREATE INDEX "survey_links_owner_idx" ON "survey_links" ("owner_id", "answered_at");
--> statement-breakpoint
CREATE INDEX "survey_links_answered_idx" ON "survey_links" ("answered_at") WHERE "answered_at" IS NOT NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX "survey_links_complaint_idx" ON "survey_links" ("complaint_id") WHERE "complaint_id" IS NOT NULL;
