-- Sales reports (issue 18 item 4): subscriptions to scheduled reports and the archive of delivered
-- ones. One delivery per subscription and period (the unique key), whichever server process gets
-- there first; the app role gets its rights through the default privileges (app-role.ts).
CREATE TABLE "report_subscriptions" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "kind" text NOT NULL,
  "period" text NOT NULL,
  "unit_id" uuid REFERENCES "org_units"("id") ON DELETE SET NULL,
  "language" text DEFAULT 'zh-CN' NOT NULL,
  "channels" text[] DEFAULT '{}'::text[] NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "last_delivered_at" timestamp with time zone,
  CONSTRAINT "report_subscriptions_period_check" CHECK ("period" IN ('weekly', 'monthly', 'quarterly')),
  CONSTRAINT "report_subscriptions_language_check" CHECK ("language" IN ('zh-CN', 'en-US'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "report_subscriptions_user_kind_idx" ON "report_subscriptions" ("user_id", "kind", "period", "unit_id") NULLS NOT DISTINCT;
--> statement-breakpoint
CREATE TABLE "report_archive" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "subscription_id" uuid REFERENCES "report_subscriptions"("id") ON DELETE SET NULL,
  "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "kind" text NOT NULL,
  "period" text NOT NULL,
  "period_from" date NOT NULL,
  "period_to" date NOT NULL,
  "scope_name" text NOT NULL,
  "language" text NOT NULL,
  "generated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "xlsx" bytea,
  "pdf" bytea
);
--> statement-breakpoint
CREATE UNIQUE INDEX "report_archive_subscription_period_idx" ON "report_archive" ("subscription_id", "period_from");
--> statement-breakpoint
CREATE INDEX "report_archive_user_idx" ON "report_archive" ("user_id", "generated_at");
