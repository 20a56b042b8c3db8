-- Which owners each write to customers touched, so a kept list page (platform/db/page-cache.ts) outlives
-- writes outside its scope: a rep's page stays valid while other reps' customers are edited. Each
-- writing statement logs one row per distinct owner it touched — before and after, so a customer
-- moved between owners (or to and from the pool, owner_id null) counts for both — under the change
-- counter value it took. A TRUNCATE logs `every`. Rows are needed for seconds (a kept page lives
-- at most a few); a scheduled job deletes those older than an hour. UNLOGGED: after a crash every
-- process's kept pages are gone anyway.
CREATE UNLOGGED TABLE "customers_change_log" (
  "version" bigint NOT NULL,
  "owner_id" uuid,
  "every" boolean DEFAULT false NOT NULL,
  "at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "customers_change_log_version_idx" ON "customers_change_log" ("version");
--> statement-breakpoint
CREATE INDEX "customers_change_log_at_idx" ON "customers_change_log" ("at");
--> statement-breakpoint
CREATE OR REPLACE FUNCTION xg_note_customers_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v bigint;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7867001011);
  v := nextval('customers_changes');
  IF TG_OP = 'INSERT' THEN
    INSERT INTO customers_change_log (version, owner_id) SELECT DISTINCT v, owner_id FROM new_rows;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO customers_change_log (version, owner_id)
      SELECT v, owner_id FROM (SELECT owner_id FROM old_rows UNION SELECT owner_id FROM new_rows) touched;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO customers_change_log (version, owner_id) SELECT DISTINCT v, owner_id FROM old_rows;
  ELSE
    INSERT INTO customers_change_log (version, every) VALUES (v, true);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER "customers_changes_trg" ON "customers";
--> statement-breakpoint
CREATE TRIGGER customers_changes_insert AFTER INSERT ON "customers" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION xg_note_customers_change();
--> statement-breakpoint
CREATE TRIGGER customers_changes_update AFTER UPDATE ON "customers" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION xg_note_customers_change();
--> statement-breakpoint
CREATE TRIGGER customers_changes_delete AFTER DELETE ON "customers" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION xg_note_customers_change();
--> statement-breakpoint
CREATE TRIGGER customers_changes_truncate AFTER TRUNCATE ON "customers"
  FOR EACH STATEMENT EXECUTE FUNCTION xg_note_customers_change();
