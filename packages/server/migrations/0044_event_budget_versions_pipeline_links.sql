-- Issue 17 (h17, session 5): budget versions and hand attribution of the pipeline.
-- `event_budget_versions`: every submission of an event's budget — the first one and each revision
-- of an approved budget — with the lines asked for, the reason, who asked and the approval. The
-- approved lines in `event_budget_lines` stay in force until a revision is approved; then its lines
-- replace them (kept line ids, so recorded costs stay on their lines). One pending version per event.
-- `event_pipeline_links`: opportunities, quotes and contracts attributed to an event by hand (one
-- event per record), next to `event_deals` for orders. The app role gets its rights through the
-- default privileges (app-role.ts).
CREATE TABLE "event_budget_versions" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "event_id" uuid NOT NULL REFERENCES "event_budgets"("event_id") ON DELETE CASCADE,
  "number" integer NOT NULL,
  "kind" text NOT NULL,
  "status" text DEFAULT 'pending' NOT NULL,
  "lines" jsonb NOT NULL,
  "total_cents" bigint NOT NULL,
  "reason" text,
  "approval_request_id" uuid,
  "requested_by_id" uuid REFERENCES "users"("id"),
  "requested_at" timestamp with time zone DEFAULT now() NOT NULL,
  "decided_at" timestamp with time zone,
  CONSTRAINT "event_budget_versions_kind_check" CHECK ("kind" IN ('initial', 'revision')),
  CONSTRAINT "event_budget_versions_status_check" CHECK ("status" IN ('pending', 'approved', 'rejected', 'withdrawn'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "event_budget_versions_number_idx" ON "event_budget_versions" ("event_id", "number");
--> statement-breakpoint
CREATE UNIQUE INDEX "event_budget_versions_pending_idx" ON "event_budget_versions" ("event_id") WHERE "status" = 'pending';
--> statement-breakpoint
-- Budgets submitted before this migration: their current lines as version 1.
INSERT INTO "event_budget_versions" ("event_id", "number", "kind", "status", "lines", "total_cents", "approval_request_id",
                                     "requested_by_id", "requested_at", "decided_at")
SELECT b."event_id", 1, 'initial', b."status",
       coalesce((SELECT jsonb_agg(jsonb_build_object('lineId', l."id", 'category', l."category", 'description', l."description",
                                                     'amountCents', l."amount_cents") ORDER BY l."position")
                   FROM "event_budget_lines" l WHERE l."event_id" = b."event_id"), '[]'::jsonb),
       coalesce((SELECT sum(l."amount_cents") FROM "event_budget_lines" l WHERE l."event_id" = b."event_id"), 0),
       b."approval_request_id",
       (SELECT r."requester_id" FROM "approval_requests" r WHERE r."id" = b."approval_request_id"),
       coalesce(b."submitted_at", b."updated_at"), b."decided_at"
  FROM "event_budgets" b
 WHERE b."status" IN ('pending', 'approved', 'rejected');
--> statement-breakpoint
CREATE TABLE "event_pipeline_links" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "event_id" uuid NOT NULL REFERENCES "events"("id") ON DELETE CASCADE,
  "kind" text NOT NULL,
  "record_id" uuid NOT NULL,
  "attributed_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "event_pipeline_links_kind_check" CHECK ("kind" IN ('opportunity', 'quote', 'contract'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "event_pipeline_links_record_idx" ON "event_pipeline_links" ("kind", "record_id");
--> statement-breakpoint
CREATE INDEX "event_pipeline_links_event_idx" ON "event_pipeline_links" ("event_id");
