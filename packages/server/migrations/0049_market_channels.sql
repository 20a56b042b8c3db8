-- M10 market intelligence and channel partners (issue 21 items 1–5): structured market feedback,
-- competitors with share estimates, the weekly team report (R-MKT-1); channel partners with contacts,
-- documents, tier history, qualification; deal registrations (R-CHN-1) and attributed deals (a link table
-- owned by channels: opportunities and orders are not changed); rebate programmes and statements (R-CHN-2).
-- The app role gets its rights through the default privileges (app-role.ts).
CREATE TABLE "competitors" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "name" text NOT NULL,
  "website" text DEFAULT '' NOT NULL,
  "strengths" text DEFAULT '' NOT NULL,
  "weaknesses" text DEFAULT '' NOT NULL,
  "products" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "competitors_name_idx" ON "competitors" ("name");
--> statement-breakpoint
CREATE TABLE "competitor_shares" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "competitor_id" uuid NOT NULL REFERENCES "competitors"("id") ON DELETE CASCADE,
  "region_id" uuid NOT NULL REFERENCES "org_units"("id"),
  "share_bp" integer NOT NULL,
  "as_of" date NOT NULL,
  "recorded_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "competitor_shares_bp_check" CHECK ("share_bp" BETWEEN 0 AND 10000)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "competitor_shares_region_idx" ON "competitor_shares" ("competitor_id", "region_id", "as_of");
--> statement-breakpoint
CREATE TABLE "market_feedback" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "author_id" uuid NOT NULL REFERENCES "users"("id"),
  "team_id" uuid REFERENCES "org_units"("id"),
  "subject" text NOT NULL,
  "type" text NOT NULL,
  "customer_id" uuid REFERENCES "customers"("id") ON DELETE SET NULL,
  "product_id" uuid REFERENCES "products"("id"),
  "region_id" uuid REFERENCES "org_units"("id"),
  "competitor_id" uuid REFERENCES "competitors"("id"),
  "competitor_product" text,
  "competitor_price_cents" bigint,
  "sentiment" text NOT NULL,
  "text" text NOT NULL,
  "interaction_id" uuid REFERENCES "interactions"("id") ON DELETE SET NULL,
  "observed_at" timestamp with time zone NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "market_feedback_subject_check" CHECK ("subject" IN ('customer', 'product', 'competitor', 'region')),
  CONSTRAINT "market_feedback_type_check" CHECK ("type" IN ('price', 'product', 'service', 'channel', 'policy')),
  CONSTRAINT "market_feedback_sentiment_check" CHECK ("sentiment" IN ('positive', 'neutral', 'negative')),
  CONSTRAINT "market_feedback_price_check" CHECK ("competitor_price_cents" IS NULL OR "competitor_price_cents" > 0)
);
--> statement-breakpoint
CREATE INDEX "market_feedback_team_idx" ON "market_feedback" ("team_id", "observed_at");
--> statement-breakpoint
CREATE INDEX "market_feedback_author_idx" ON "market_feedback" ("author_id", "observed_at");
--> statement-breakpoint
CREATE INDEX "market_feedback_competitor_idx" ON "market_feedback" ("competitor_id", "observed_at");
--> statement-breakpoint
CREATE TABLE "market_reports" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "team_id" uuid NOT NULL REFERENCES "org_units"("id"),
  "week_start" date NOT NULL,
  "status" text DEFAULT 'draft' NOT NULL,
  "content" jsonb NOT NULL,
  "summary" text DEFAULT '' NOT NULL,
  "generated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "published_at" timestamp with time zone,
  "published_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "market_reports_status_check" CHECK ("status" IN ('draft', 'published'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "market_reports_week_idx" ON "market_reports" ("team_id", "week_start");
--> statement-breakpoint
CREATE INDEX "market_reports_week_start_idx" ON "market_reports" ("week_start");
--> statement-breakpoint
CREATE TABLE "channel_partners" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "name" text NOT NULL,
  "kind" text NOT NULL,
  "status" text DEFAULT 'active' NOT NULL,
  "tier" text DEFAULT 'bronze' NOT NULL,
  "region_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
  "exclusive" boolean DEFAULT false NOT NULL,
  "product_lines" text[] DEFAULT '{}'::text[] NOT NULL,
  "contract_terms" text DEFAULT '' NOT NULL,
  "contract_start" date,
  "contract_end" date,
  "profile" text DEFAULT '' NOT NULL,
  "qualification_status" text DEFAULT 'none' NOT NULL,
  "checklist" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "renewal_on" date,
  "approval_request_id" uuid REFERENCES "approval_requests"("id"),
  "created_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "channel_partners_kind_check" CHECK ("kind" IN ('agent', 'distributor', 'reseller')),
  CONSTRAINT "channel_partners_status_check" CHECK ("status" IN ('prospect', 'active', 'suspended', 'ended')),
  CONSTRAINT "channel_partners_tier_check" CHECK ("tier" IN ('gold', 'silver', 'bronze')),
  CONSTRAINT "channel_partners_qualification_check" CHECK ("qualification_status" IN ('none', 'pending', 'approved', 'rejected'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "channel_partners_name_idx" ON "channel_partners" ("name");
--> statement-breakpoint
CREATE TABLE "partner_contacts" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "partner_id" uuid NOT NULL REFERENCES "channel_partners"("id") ON DELETE CASCADE,
  "name" text NOT NULL,
  "title" text DEFAULT '' NOT NULL,
  "phone" text DEFAULT '' NOT NULL,
  "email" text DEFAULT '' NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "partner_contacts_partner_idx" ON "partner_contacts" ("partner_id");
--> statement-breakpoint
CREATE TABLE "partner_documents" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "partner_id" uuid NOT NULL REFERENCES "channel_partners"("id") ON DELETE CASCADE,
  "file_name" text NOT NULL,
  "mime_type" text NOT NULL,
  "size_bytes" integer NOT NULL,
  "storage_key" text NOT NULL,
  "uploaded_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "partner_documents_partner_idx" ON "partner_documents" ("partner_id");
--> statement-breakpoint
CREATE TABLE "partner_tier_history" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "partner_id" uuid NOT NULL REFERENCES "channel_partners"("id") ON DELETE CASCADE,
  "from_tier" text,
  "to_tier" text NOT NULL,
  "reason" text DEFAULT '' NOT NULL,
  "changed_by_id" uuid REFERENCES "users"("id"),
  "changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "partner_tier_history_partner_idx" ON "partner_tier_history" ("partner_id", "changed_at");
--> statement-breakpoint
CREATE TABLE "deal_registrations" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "partner_id" uuid NOT NULL REFERENCES "channel_partners"("id") ON DELETE CASCADE,
  "customer_id" uuid NOT NULL REFERENCES "customers"("id") ON DELETE CASCADE,
  "status" text DEFAULT 'pending' NOT NULL,
  "note" text DEFAULT '' NOT NULL,
  "expected_cents" bigint DEFAULT 0 NOT NULL,
  "warnings" text[] DEFAULT '{}'::text[] NOT NULL,
  "registered_by_id" uuid REFERENCES "users"("id"),
  "registered_at" timestamp with time zone DEFAULT now() NOT NULL,
  "decided_by_id" uuid REFERENCES "users"("id"),
  "decided_at" timestamp with time zone,
  "protected_until" date,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "deal_registrations_status_check" CHECK ("status" IN ('pending', 'approved', 'rejected', 'expired'))
);
--> statement-breakpoint
CREATE INDEX "deal_registrations_customer_idx" ON "deal_registrations" ("customer_id", "status");
--> statement-breakpoint
CREATE INDEX "deal_registrations_partner_idx" ON "deal_registrations" ("partner_id", "status");
--> statement-breakpoint
CREATE TABLE "partner_deals" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "partner_id" uuid NOT NULL REFERENCES "channel_partners"("id") ON DELETE CASCADE,
  "order_id" uuid REFERENCES "orders"("id") ON DELETE CASCADE,
  "opportunity_id" uuid REFERENCES "opportunities"("id") ON DELETE CASCADE,
  "created_by_id" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "partner_deals_one_record_check" CHECK (("order_id" IS NULL) <> ("opportunity_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "partner_deals_order_idx" ON "partner_deals" ("order_id") WHERE "order_id" IS NOT NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX "partner_deals_opportunity_idx" ON "partner_deals" ("opportunity_id") WHERE "opportunity_id" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "partner_deals_partner_idx" ON "partner_deals" ("partner_id");
--> statement-breakpoint
CREATE TABLE "rebate_programmes" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "name" text NOT NULL,
  "tier" text NOT NULL,
  "thresholds" jsonb NOT NULL,
  "active" boolean DEFAULT true NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "rebate_programmes_tier_check" CHECK ("tier" IN ('gold', 'silver', 'bronze'))
);
--> statement-breakpoint
CREATE INDEX "rebate_programmes_tier_idx" ON "rebate_programmes" ("tier") WHERE "active";
--> statement-breakpoint
CREATE TABLE "rebate_statements" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "partner_id" uuid NOT NULL REFERENCES "channel_partners"("id") ON DELETE CASCADE,
  "period" text NOT NULL,
  "tier" text NOT NULL,
  "programme_id" uuid REFERENCES "rebate_programmes"("id"),
  "orders_cents" bigint NOT NULL,
  "collections_cents" bigint NOT NULL,
  "threshold_cents" bigint,
  "rate_bp" integer NOT NULL,
  "rebate_cents" bigint NOT NULL,
  "status" text DEFAULT 'draft' NOT NULL,
  "channel_approved_by_id" uuid REFERENCES "users"("id"),
  "channel_approved_at" timestamp with time zone,
  "approval_request_id" uuid REFERENCES "approval_requests"("id"),
  "decided_at" timestamp with time zone,
  "computed_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "rebate_statements_status_check" CHECK ("status" IN ('draft', 'submitted', 'approved', 'rejected'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "rebate_statements_period_idx" ON "rebate_statements" ("period", "partner_id");
