-- A change counter for the customers table, read by the list's count cache (platform/db/count-cache.ts):
-- every statement that writes customers takes the next value, so a cached total is used only while
-- nothing has written the table since it was counted. A sequence, not a counter row: nextval takes
-- no row lock, so concurrent writers never queue behind each other for it.
CREATE SEQUENCE "customers_changes";
--> statement-breakpoint
CREATE FUNCTION xg_note_customers_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('customers_changes');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER customers_changes_trg AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "customers"
  FOR EACH STATEMENT EXECUTE FUNCTION xg_note_customers_change();
