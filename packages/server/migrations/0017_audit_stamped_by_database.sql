-- 002 内部控制: an audit row's time and actor come from the database session, not from the
-- statement that inserts it. The app sets the actor for its unit of work with
-- set_config('xiaoguan.actor_id' / 'xiaoguan.actor_name', …, true) (transaction-local; see
-- platform/audit/audit.ts); whatever an INSERT names for `at`, `actor_id` or `actor_name` is replaced.
CREATE OR REPLACE FUNCTION audit_log_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.at := now();
  NEW.actor_id := nullif(current_setting('xiaoguan.actor_id', true), '')::uuid;
  NEW.actor_name := nullif(current_setting('xiaoguan.actor_name', true), '');
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_stamp BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_stamp();
--> statement-breakpoint
-- Retention has a floor: audit rows are kept at least 5 years whatever the setting says (Chinese
-- practice; the setting's default is 7). The app's role may not DELETE from audit_log at all; the
-- retention job purges through purge_audit_log(), which runs as the owner.
CREATE OR REPLACE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  retention_years integer;
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT greatest(5, COALESCE((SELECT (value #>> '{}')::integer FROM settings WHERE key = 'auditRetentionYears'), 7))
      INTO retention_years;
    IF OLD.at < now() - make_interval(years => retention_years) THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION purge_audit_log(retention_years integer) RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  removed bigint;
BEGIN
  IF retention_years IS NULL OR retention_years < 5 THEN
    RAISE EXCEPTION 'audit rows are kept at least 5 years (asked for %)', retention_years USING ERRCODE = 'insufficient_privilege';
  END IF;
  DELETE FROM public.audit_log WHERE at < now() - make_interval(years => retention_years);
  GET DIAGNOSTICS removed = ROW_COUNT;
  RETURN removed;
END;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION purge_audit_log(integer) FROM PUBLIC;
--> statement-breakpoint
-- The app's role owns no index, and gin_clean_pending_list() is the index owner's: the merge of the
-- customers' GIN pending lists after an import (modules/customers/search-indexes.ts) runs as the owner.
CREATE OR REPLACE FUNCTION flush_customer_search_indexes() RETURNS integer
  LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT coalesce(sum(gin_clean_pending_list(i.indexrelid::regclass)), 0)::integer
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_am am ON am.oid = c.relam
   WHERE i.indrelid = 'public.customers'::regclass AND am.amname = 'gin'
$$;
