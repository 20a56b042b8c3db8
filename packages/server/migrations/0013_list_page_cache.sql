-- The customer list's page cache (platform/db/page-cache.ts) must know when no transaction that has
-- written customers is still open: a page computed while one is open would miss its rows once it
-- commits, though the change counter had already moved before the page was counted. Each writing
-- statement now also takes a shared transaction-level advisory lock, held to commit or rollback;
-- the cache keeps a page only if pg_locks shows no holder of the key between reading the counter and
-- reading the page. Shared locks never block one another, so writers still never queue behind each
-- other.
CREATE OR REPLACE FUNCTION xg_note_customers_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7867001011);
  PERFORM nextval('customers_changes');
  RETURN NULL;
END $$;
