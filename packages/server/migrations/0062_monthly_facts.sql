-- Issue 18 item 6 (cockpit speed): a month grain beside the day grain of the daily facts (0056, 0057).
-- The cockpit's periods are whole months, quarters and years; summed from the day rows, a director's
-- year read half of each daily table (hundreds of thousands of owner-days on the large bench data). A
-- range now reads its whole months here (owners × months: a few thousand rows for a year) and only its
-- partial months' days from the daily table (`splitWholeMonths`, platform/time.ts). Each monthly table
-- is kept by a row trigger on its daily table — the daily rows change only through their own triggers,
-- in the same transaction as the write — so a month always equals the sum of its days (checked by the
-- rebuild-and-compare test). Months are `date_trunc('month', day::timestamp)::date`, zone-free.
CREATE TABLE "contract_bookings_monthly" (
	"owner_id" uuid NOT NULL,
	"team_id" uuid,
	"month" date NOT NULL,
	"deals" integer NOT NULL,
	"amount_cents" bigint NOT NULL,
	CONSTRAINT "contract_bookings_monthly_key" UNIQUE NULLS NOT DISTINCT ("owner_id", "team_id", "month")
);--> statement-breakpoint
CREATE INDEX "contract_bookings_monthly_month_idx" ON "contract_bookings_monthly" ("month");--> statement-breakpoint
CREATE OR REPLACE FUNCTION contract_bookings_monthly_apply(p_owner uuid, p_team uuid, p_day date, p_deals integer, p_amount bigint) RETURNS void LANGUAGE sql AS $$
  insert into contract_bookings_monthly as t (owner_id, team_id, month, deals, amount_cents)
  values (p_owner, p_team, date_trunc('month', p_day::timestamp)::date, p_deals, p_amount)
  on conflict (owner_id, team_id, month) do update
    set deals = t.deals + excluded.deals, amount_cents = t.amount_cents + excluded.amount_cents
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION contract_bookings_monthly_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM contract_bookings_monthly_apply(OLD.owner_id, OLD.team_id, OLD.signed_on, -OLD.deals, -OLD.amount_cents);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM contract_bookings_monthly_apply(NEW.owner_id, NEW.team_id, NEW.signed_on, NEW.deals, NEW.amount_cents);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER contract_bookings_monthly_sync AFTER INSERT OR DELETE OR UPDATE ON contract_bookings_daily
  FOR EACH ROW EXECUTE FUNCTION contract_bookings_monthly_trigger();--> statement-breakpoint
INSERT INTO contract_bookings_monthly (owner_id, team_id, month, deals, amount_cents)
  SELECT owner_id, team_id, date_trunc('month', signed_on::timestamp)::date, sum(deals), sum(amount_cents) FROM contract_bookings_daily GROUP BY 1, 2, 3;--> statement-breakpoint
CREATE TABLE "receipt_collections_monthly" (
	"owner_id" uuid NOT NULL,
	"month" date NOT NULL,
	"receipts" integer NOT NULL,
	"amount_cents" bigint NOT NULL,
	PRIMARY KEY ("owner_id", "month")
);--> statement-breakpoint
CREATE INDEX "receipt_collections_monthly_month_idx" ON "receipt_collections_monthly" ("month");--> statement-breakpoint
CREATE OR REPLACE FUNCTION receipt_collections_monthly_apply(p_owner uuid, p_day date, p_receipts integer, p_amount bigint) RETURNS void LANGUAGE sql AS $$
  insert into receipt_collections_monthly as t (owner_id, month, receipts, amount_cents)
  values (p_owner, date_trunc('month', p_day::timestamp)::date, p_receipts, p_amount)
  on conflict (owner_id, month) do update
    set receipts = t.receipts + excluded.receipts, amount_cents = t.amount_cents + excluded.amount_cents
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION receipt_collections_monthly_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM receipt_collections_monthly_apply(OLD.owner_id, OLD.received_on, -OLD.receipts, -OLD.amount_cents);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM receipt_collections_monthly_apply(NEW.owner_id, NEW.received_on, NEW.receipts, NEW.amount_cents);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER receipt_collections_monthly_sync AFTER INSERT OR DELETE OR UPDATE ON receipt_collections_daily
  FOR EACH ROW EXECUTE FUNCTION receipt_collections_monthly_trigger();--> statement-breakpoint
INSERT INTO receipt_collections_monthly (owner_id, month, receipts, amount_cents)
  SELECT owner_id, date_trunc('month', received_on::timestamp)::date, sum(receipts), sum(amount_cents) FROM receipt_collections_daily GROUP BY 1, 2;--> statement-breakpoint
CREATE TABLE "receivable_installments_monthly" (
	"owner_id" uuid NOT NULL,
	"month" date NOT NULL,
	"billed_cents" bigint NOT NULL,
	"open_installments" integer NOT NULL,
	"outstanding_cents" bigint NOT NULL,
	PRIMARY KEY ("owner_id", "month")
);--> statement-breakpoint
CREATE INDEX "receivable_installments_monthly_month_idx" ON "receivable_installments_monthly" ("month");--> statement-breakpoint
CREATE OR REPLACE FUNCTION receivable_installments_monthly_apply(p_owner uuid, p_day date, p_billed bigint, p_open integer, p_outstanding bigint) RETURNS void LANGUAGE sql AS $$
  insert into receivable_installments_monthly as t (owner_id, month, billed_cents, open_installments, outstanding_cents)
  values (p_owner, date_trunc('month', p_day::timestamp)::date, p_billed, p_open, p_outstanding)
  on conflict (owner_id, month) do update
    set billed_cents = t.billed_cents + excluded.billed_cents, open_installments = t.open_installments + excluded.open_installments,
        outstanding_cents = t.outstanding_cents + excluded.outstanding_cents
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION receivable_installments_monthly_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM receivable_installments_monthly_apply(OLD.owner_id, OLD.due_on, -OLD.billed_cents, -OLD.open_installments, -OLD.outstanding_cents);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM receivable_installments_monthly_apply(NEW.owner_id, NEW.due_on, NEW.billed_cents, NEW.open_installments, NEW.outstanding_cents);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER receivable_installments_monthly_sync AFTER INSERT OR DELETE OR UPDATE ON receivable_installments_daily
  FOR EACH ROW EXECUTE FUNCTION receivable_installments_monthly_trigger();--> statement-breakpoint
INSERT INTO receivable_installments_monthly (owner_id, month, billed_cents, open_installments, outstanding_cents)
  SELECT owner_id, date_trunc('month', due_on::timestamp)::date, sum(billed_cents), sum(open_installments), sum(outstanding_cents)
    FROM receivable_installments_daily GROUP BY 1, 2;
