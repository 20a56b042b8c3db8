-- Channel partner training records (issue 21 item 3): a partner's staff trained — on a session of the
-- training module (linked, read through its index) or an outside course — with the certificate and its
-- validity. The channels module owns the table.
CREATE TABLE "partner_trainings" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "partner_id" uuid NOT NULL REFERENCES "channel_partners"("id") ON DELETE CASCADE,
  "contact_id" uuid REFERENCES "partner_contacts"("id") ON DELETE SET NULL,
  "trainee_name" text NOT NULL,
  "session_id" uuid REFERENCES "training_sessions"("id") ON DELETE SET NULL,
  "course" text NOT NULL,
  "trained_on" date NOT NULL,
  "passed" boolean DEFAULT true NOT NULL,
  "certificate" text DEFAULT '' NOT NULL,
  "certificate_until" date,
  "recorded_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "partner_trainings_partner_idx" ON "partner_trainings" ("partner_id", "trained_on");
