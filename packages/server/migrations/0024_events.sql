-- M3 conference marketing (issue 17): events, their status history, invitations (R-EVT-1) with the
-- check-in token. The app role gets its rights through the default privileges (app-role.ts).
CREATE TABLE "events" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "type" text NOT NULL,
  "theme" text NOT NULL,
  "description" text,
  "target_profile" text,
  "agenda" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "speakers" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "venue" text,
  "address" text,
  "capacity" integer,
  "starts_at" timestamp with time zone NOT NULL,
  "ends_at" timestamp with time zone NOT NULL,
  "organiser_id" uuid NOT NULL REFERENCES "users"("id"),
  "org_unit_id" uuid REFERENCES "org_units"("id"),
  "status" text DEFAULT 'draft' NOT NULL,
  "status_at" timestamp with time zone DEFAULT now() NOT NULL,
  "copied_from_id" uuid,
  "created_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "events_status_check" CHECK ("status" IN ('draft', 'inviting', 'ready', 'running', 'closed', 'cancelled')),
  CONSTRAINT "events_period_check" CHECK ("ends_at" > "starts_at")
);
--> statement-breakpoint
CREATE INDEX "events_organiser_idx" ON "events" ("organiser_id", "starts_at");
--> statement-breakpoint
CREATE INDEX "events_starts_idx" ON "events" ("starts_at");
--> statement-breakpoint
CREATE TABLE "event_status_history" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "event_id" uuid NOT NULL REFERENCES "events"("id") ON DELETE CASCADE,
  "from_status" text,
  "to_status" text NOT NULL,
  "note" text,
  "at" timestamp with time zone DEFAULT now() NOT NULL,
  "actor_id" uuid REFERENCES "users"("id")
);
--> statement-breakpoint
CREATE INDEX "event_status_history_event_idx" ON "event_status_history" ("event_id", "at");
--> statement-breakpoint
CREATE TABLE "event_invitations" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "event_id" uuid NOT NULL REFERENCES "events"("id") ON DELETE CASCADE,
  "customer_id" uuid NOT NULL REFERENCES "customers"("id"),
  "caller_id" uuid NOT NULL REFERENCES "users"("id"),
  "channel" text DEFAULT 'phone' NOT NULL,
  "source" text DEFAULT 'plan' NOT NULL,
  "status" text DEFAULT 'pending' NOT NULL,
  "status_at" timestamp with time zone DEFAULT now() NOT NULL,
  "last_outcome" text,
  "attempts" integer DEFAULT 0 NOT NULL,
  "retry_at" timestamp with time zone,
  "accepted_at" timestamp with time zone,
  "confirmed_at" timestamp with time zone,
  "decline_reason" text,
  "decline_note" text,
  "questions" text,
  "qr_token" text NOT NULL,
  "checked_in_at" timestamp with time zone,
  "checked_in_by_id" uuid REFERENCES "users"("id"),
  "seat" text,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "event_invitations_status_check"
    CHECK ("status" IN ('pending', 'accepted', 'confirmed', 'attended', 'no_show', 'declined', 'cancelled')),
  CONSTRAINT "event_invitations_channel_check" CHECK ("channel" IN ('phone', 'sms', 'email', 'wechat')),
  CONSTRAINT "event_invitations_source_check" CHECK ("source" IN ('plan', 'single', 'walk_in')),
  -- Attended ⇔ checked in: the check-in is one UPDATE that sets both.
  CONSTRAINT "event_invitations_checkin_check" CHECK (("status" = 'attended') = ("checked_in_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "event_invitations_event_customer_idx" ON "event_invitations" ("event_id", "customer_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "event_invitations_qr_token_idx" ON "event_invitations" ("qr_token");
--> statement-breakpoint
CREATE INDEX "event_invitations_caller_idx" ON "event_invitations" ("caller_id", "event_id");
--> statement-breakpoint
CREATE INDEX "event_invitations_customer_idx" ON "event_invitations" ("customer_id", "created_at");
