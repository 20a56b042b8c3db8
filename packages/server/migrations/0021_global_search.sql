-- Global search (issue 16, capability 1) and the header's recent items and favourites (capability 6).
-- Each searched text column gets what the customer name has (0003, 0009): a pg_trgm GIN index for
-- 3+ characters and, for names, the bigram index for 2-character Chinese queries (xg_bigrams).
CREATE INDEX IF NOT EXISTS "customer_contacts_name_trgm_idx" ON "customer_contacts" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "customer_contacts_name_bigrams_idx" ON "customer_contacts" USING gin (xg_bigrams("name"));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "customer_contacts_phone_trgm_idx" ON "customer_contacts" USING gin ("phone" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "opportunities_name_bigrams_idx" ON "opportunities" USING gin (xg_bigrams("name"));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "quotes_title_trgm_idx" ON "quotes" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "quotes_title_bigrams_idx" ON "quotes" USING gin (xg_bigrams("title"));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "quotes_number_trgm_idx" ON "quotes" USING gin ("number" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "contracts_title_trgm_idx" ON "contracts" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "contracts_title_bigrams_idx" ON "contracts" USING gin (xg_bigrams("title"));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "contracts_number_trgm_idx" ON "contracts" USING gin ("number" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "orders_number_trgm_idx" ON "orders" USING gin ("number" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "products_name_bigrams_idx" ON "products" USING gin (xg_bigrams("name"));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "products_code_trgm_idx" ON "products" USING gin ("code" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "products_name_en_trgm_idx" ON "products" USING gin ("name_en" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "users_display_name_trgm_idx" ON "users" USING gin ("display_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "users_display_name_bigrams_idx" ON "users" USING gin (xg_bigrams("display_name"));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "users_username_trgm_idx" ON "users" USING gin ("username" gin_trgm_ops);--> statement-breakpoint
-- Per user: the records they opened last (bounded by the service) and the ones they pinned.
CREATE TABLE "user_recent_items" (
	"user_id" uuid NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"viewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_recent_items_pk" PRIMARY KEY("user_id","entity_type","entity_id")
);--> statement-breakpoint
ALTER TABLE "user_recent_items" ADD CONSTRAINT "user_recent_items_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "user_recent_items_user_idx" ON "user_recent_items" USING btree ("user_id","viewed_at");--> statement-breakpoint
CREATE TABLE "user_favourites" (
	"user_id" uuid NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_favourites_pk" PRIMARY KEY("user_id","entity_type","entity_id")
);--> statement-breakpoint
ALTER TABLE "user_favourites" ADD CONSTRAINT "user_favourites_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
