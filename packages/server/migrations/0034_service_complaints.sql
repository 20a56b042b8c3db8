-- M9 service quality (issue 20): complaints as tickets with the R-SVC-1 first-response clock, their
-- timeline, pauses (waiting on the customer) and files; service queues per region. The app role gets
-- its rights through the default privileges (app-role.ts).
CREATE TABLE "service_queues" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "org_unit_id" uuid NOT NULL REFERENCES "org_units"("id"),
  "member_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "service_queues_unit_idx" ON "service_queues" ("org_unit_id");
--> statement-breakpoint
CREATE TABLE "complaints" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "number" text NOT NULL,
  "title" text NOT NULL,
  "category" text NOT NULL,
  "priority" text DEFAULT 'normal' NOT NULL,
  "channel" text NOT NULL,
  "description" text NOT NULL,
  "customer_id" uuid NOT NULL REFERENCES "customers"("id"),
  "order_id" uuid REFERENCES "orders"("id"),
  "contract_id" uuid REFERENCES "contracts"("id"),
  "owner_id" uuid NOT NULL REFERENCES "users"("id"),
  "queue_id" uuid REFERENCES "service_queues"("id"),
  "status" text DEFAULT 'open' NOT NULL,
  "opened_at" timestamp with time zone NOT NULL,
  "first_response_at" timestamp with time zone,
  "paused_since" timestamp with time zone,
  "sla_level" smallint DEFAULT 0 NOT NULL,
  "sla_next_at" timestamp with time zone,
  "root_cause" text,
  "corrective_action" text,
  "resolution" text,
  "resolved_at" timestamp with time zone,
  "closed_at" timestamp with time zone,
  "reopen_count" integer DEFAULT 0 NOT NULL,
  "created_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "complaints_status_check" CHECK ("status" IN ('open', 'in_progress', 'waiting_customer', 'resolved', 'closed')),
  CONSTRAINT "complaints_priority_check" CHECK ("priority" IN ('low', 'normal', 'high', 'critical')),
  CONSTRAINT "complaints_channel_check" CHECK ("channel" IN ('phone', 'email', 'wechat', 'visit')),
  CONSTRAINT "complaints_sla_level_check" CHECK ("sla_level" BETWEEN 0 AND 3),
  CONSTRAINT "complaints_closed_check" CHECK (("status" = 'closed') = ("closed_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_number_idx" ON "complaints" ("number");
--> statement-breakpoint
CREATE INDEX "complaints_customer_idx" ON "complaints" ("customer_id", "opened_at");
--> statement-breakpoint
CREATE INDEX "complaints_owner_idx" ON "complaints" ("owner_id", "status");
--> statement-breakpoint
CREATE INDEX "complaints_opened_idx" ON "complaints" ("opened_at");
--> statement-breakpoint
-- The R-SVC-1 sweep reads only tickets whose next threshold has come: a partial index keeps it small.
CREATE INDEX "complaints_sla_next_idx" ON "complaints" ("sla_next_at") WHERE "sla_next_at" IS NOT NULL;
--> statement-breakpoint
CREATE TABLE "complaint_pauses" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "complaint_id" uuid NOT NULL REFERENCES "complaints"("id") ON DELETE CASCADE,
  "from_at" timestamp with time zone NOT NULL,
  "to_at" timestamp with time zone,
  CONSTRAINT "complaint_pauses_period_check" CHECK ("to_at" IS NULL OR "to_at" >= "from_at")
);
--> statement-breakpoint
CREATE INDEX "complaint_pauses_complaint_idx" ON "complaint_pauses" ("complaint_id", "from_at");
--> statement-breakpoint
CREATE TABLE "complaint_events" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "complaint_id" uuid NOT NULL REFERENCES "complaints"("id") ON DELETE CASCADE,
  "kind" text NOT NULL,
  "note" text,
  "at" timestamp with time zone DEFAULT now() NOT NULL,
  "actor_id" uuid REFERENCES "users"("id")
);
--> statement-breakpoint
CREATE INDEX "complaint_events_complaint_idx" ON "complaint_events" ("complaint_id", "at");
--> statement-breakpoint
-- Each SLA level is raised once per ticket, whichever process sweeps.
CREATE UNIQUE INDEX "complaint_events_sla_once_idx" ON "complaint_events" ("complaint_id", "kind")
  WHERE "kind" IN ('sla_warning', 'sla_breached', 'sla_escalated');
--> statement-breakpoint
CREATE TABLE "complaint_attachments" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "complaint_id" uuid NOT NULL REFERENCES "complaints"("id") ON DELETE CASCADE,
  "file_name" text NOT NULL,
  "mime_type" text NOT NULL,
  "size" integer NOT NULL,
  "storage_key" text NOT NULL,
  "uploaded_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "complaint_attachments_complaint_idx" ON "complaint_attachments" ("complaint_id");
