-- Issue 18 (cockpit speed): the "customers overdue on cadence" card counts, in a director's company scope,
-- every owned, unmerged customer whose cadence is due. The owner-first index (customers_due_idx) serves a
-- rep's or a unit's count; the company's count read every customer row (tens of thousands overdue out of
-- 100,000 on the large bench data). This partial index answers it from the index alone.
CREATE INDEX IF NOT EXISTS "customers_cadence_due_idx" ON "customers" ("cadence_due_at") WHERE "merged_into_id" IS NULL AND "owner_id" IS NOT NULL;
