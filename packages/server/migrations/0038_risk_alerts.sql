-- Risk alerts (issue 18 item 5, R-RSK-1): what the alert sweep found, one open alert per rule and
-- subject (a partial unique index: a second sweep, or a second process, adds nothing while one is
-- open), and the director's settings per rule (thresholds, recipients, channels). The rules
-- themselves are code, contributed by the modules' manifests. The app role gets its rights
-- through the default privileges (app-role.ts).
CREATE TABLE "risk_alerts" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "rule_key" text NOT NULL,
  "subject_key" text NOT NULL,
  "owner_id" uuid REFERENCES "users"("id") ON DELETE SET NULL,
  "severity" text NOT NULL,
  "status" text DEFAULT 'open' NOT NULL,
  "summary" text NOT NULL,
  "summary_message" jsonb NOT NULL,
  "link" text NOT NULL,
  "evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "raised_at" timestamp with time zone DEFAULT now() NOT NULL,
  "acknowledged_at" timestamp with time zone,
  "acknowledged_by_id" uuid REFERENCES "users"("id"),
  "resolved_at" timestamp with time zone,
  "resolved_by_id" uuid REFERENCES "users"("id"),
  "comment" text,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "risk_alerts_severity_check" CHECK ("severity" IN ('warning', 'critical')),
  CONSTRAINT "risk_alerts_status_check" CHECK ("status" IN ('open', 'acknowledged', 'resolved'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "risk_alerts_open_subject_idx" ON "risk_alerts" ("rule_key", "subject_key") WHERE "status" <> 'resolved';
--> statement-breakpoint
CREATE INDEX "risk_alerts_owner_idx" ON "risk_alerts" ("owner_id", "status", "raised_at");
--> statement-breakpoint
CREATE INDEX "risk_alerts_status_idx" ON "risk_alerts" ("status", "raised_at");
--> statement-breakpoint
CREATE TABLE "risk_alert_rules" (
  "rule_key" text PRIMARY KEY NOT NULL,
  "enabled" boolean NOT NULL,
  "params" jsonb NOT NULL,
  "recipients" jsonb NOT NULL,
  "channels" jsonb NOT NULL,
  "updated_by_id" uuid REFERENCES "users"("id"),
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
