-- The customer list no longer keeps pages or totals between requests (issue 15): every page and its
-- capped total are read afresh. Drop what only that machinery used: the statement triggers on
-- customers (migrations 0011, 0013, 0014) and on customer_rfm (0016) — with them the advisory lock
-- every write to customers took —, the change counter, the change log, and the job that pruned it.
DROP TRIGGER IF EXISTS "customers_changes_insert" ON "customers";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "customers_changes_update" ON "customers";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "customers_changes_delete" ON "customers";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "customers_changes_truncate" ON "customers";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "customer_rfm_changes_insert" ON "customer_rfm";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "customer_rfm_changes_update" ON "customer_rfm";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "customer_rfm_changes_delete" ON "customer_rfm";
--> statement-breakpoint
DROP FUNCTION IF EXISTS xg_note_customers_change();
--> statement-breakpoint
DROP FUNCTION IF EXISTS xg_note_customer_rfm_change();
--> statement-breakpoint
DROP TABLE IF EXISTS "customers_change_log";
--> statement-breakpoint
DROP SEQUENCE IF EXISTS "customers_changes";
--> statement-breakpoint
DELETE FROM "scheduled_jobs" WHERE "name" = 'customers.change-log-prune';
