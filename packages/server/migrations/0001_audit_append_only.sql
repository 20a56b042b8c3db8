-- R-SEC / 002 内部控制: the audit trail is append-only. No code path updates or deletes it, and
-- the database refuses it too: UPDATE and TRUNCATE always, DELETE only for rows older than the
-- retention period (setting `auditRetentionYears`, default 7), which the retention job purges.
CREATE OR REPLACE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  retention_years integer;
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT COALESCE((SELECT (value #>> '{}')::integer FROM settings WHERE key = 'auditRetentionYears'), 7)
      INTO retention_years;
    IF OLD.at < now() - make_interval(years => retention_years) THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();
