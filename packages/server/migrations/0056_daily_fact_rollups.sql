-- Daily facts for the cockpit, attainment and the sales reports (issue 18 item 6): bookings, collections
-- and new customers per owner and day, kept by row triggers in the same transaction as every write to
-- the rows they sum (like opportunity_stage_totals), so a director's year reads a few hundred thousand
-- narrow rows at most instead of a year of receipts joined to installments. Each table belongs to the
-- module that owns its rows and is read only through that module's *.metrics.ts.
--
-- contract_bookings_daily (contracts module): per owner, contract team and signing day, the number and
-- Σ amount of signed contracts — what `bookingsWhere` counts (every contract with a signing day).
CREATE TABLE "contract_bookings_daily" (
	"owner_id" uuid NOT NULL,
	"team_id" uuid,
	"signed_on" date NOT NULL,
	"deals" integer NOT NULL,
	"amount_cents" bigint NOT NULL,
	CONSTRAINT "contract_bookings_daily_key" UNIQUE NULLS NOT DISTINCT ("owner_id", "team_id", "signed_on")
);--> statement-breakpoint
CREATE INDEX "contract_bookings_daily_day_idx" ON "contract_bookings_daily" ("signed_on");--> statement-breakpoint
CREATE OR REPLACE FUNCTION contract_bookings_daily_apply(p_owner uuid, p_team uuid, p_day date, p_deals integer, p_amount bigint) RETURNS void LANGUAGE sql AS $$
  insert into contract_bookings_daily as t (owner_id, team_id, signed_on, deals, amount_cents)
  values (p_owner, p_team, p_day, p_deals, p_amount)
  on conflict (owner_id, team_id, signed_on) do update
    set deals = t.deals + excluded.deals, amount_cents = t.amount_cents + excluded.amount_cents
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION contract_bookings_daily_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.signed_on IS NOT NULL THEN
    PERFORM contract_bookings_daily_apply(OLD.owner_id, OLD.team_id, OLD.signed_on, -1, -OLD.amount_cents);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.signed_on IS NOT NULL THEN
    PERFORM contract_bookings_daily_apply(NEW.owner_id, NEW.team_id, NEW.signed_on, 1, NEW.amount_cents);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER contract_bookings_daily_sync AFTER INSERT OR DELETE OR UPDATE OF owner_id, team_id, signed_on, amount_cents ON contracts
  FOR EACH ROW EXECUTE FUNCTION contract_bookings_daily_trigger();--> statement-breakpoint
INSERT INTO contract_bookings_daily (owner_id, team_id, signed_on, deals, amount_cents)
  SELECT owner_id, team_id, signed_on, count(*), sum(amount_cents) FROM contracts WHERE signed_on IS NOT NULL GROUP BY 1, 2, 3;--> statement-breakpoint
-- receipt_collections_daily (receivables module): per installment owner and receiving day, the number
-- and Σ amount of receipts — what `collectedByOwner` counts. A receipt's owner is its installment's, so a
-- reassigned installment moves its receipts' sums to the new owner.
CREATE TABLE "receipt_collections_daily" (
	"owner_id" uuid NOT NULL,
	"received_on" date NOT NULL,
	"receipts" integer NOT NULL,
	"amount_cents" bigint NOT NULL,
	PRIMARY KEY ("owner_id", "received_on")
);--> statement-breakpoint
CREATE INDEX "receipt_collections_daily_day_idx" ON "receipt_collections_daily" ("received_on");--> statement-breakpoint
CREATE OR REPLACE FUNCTION receipt_collections_daily_apply(p_owner uuid, p_day date, p_receipts integer, p_amount bigint) RETURNS void LANGUAGE sql AS $$
  insert into receipt_collections_daily as t (owner_id, received_on, receipts, amount_cents)
  values (p_owner, p_day, p_receipts, p_amount)
  on conflict (owner_id, received_on) do update
    set receipts = t.receipts + excluded.receipts, amount_cents = t.amount_cents + excluded.amount_cents
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION receipt_collections_daily_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM receipt_collections_daily_apply((SELECT i.owner_id FROM payment_installments i WHERE i.id = OLD.installment_id), OLD.received_on, -1, -OLD.amount_cents);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM receipt_collections_daily_apply((SELECT i.owner_id FROM payment_installments i WHERE i.id = NEW.installment_id), NEW.received_on, 1, NEW.amount_cents);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER receipt_collections_daily_sync AFTER INSERT OR DELETE OR UPDATE OF installment_id, received_on, amount_cents ON receipts
  FOR EACH ROW EXECUTE FUNCTION receipt_collections_daily_trigger();--> statement-breakpoint
CREATE OR REPLACE FUNCTION receipt_collections_owner_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d record;
BEGIN
  IF OLD.owner_id IS DISTINCT FROM NEW.owner_id THEN
    FOR d IN SELECT r.received_on, count(*)::int AS n, sum(r.amount_cents)::bigint AS cents FROM receipts r WHERE r.installment_id = NEW.id GROUP BY r.received_on LOOP
      PERFORM receipt_collections_daily_apply(OLD.owner_id, d.received_on, -d.n, -d.cents);
      PERFORM receipt_collections_daily_apply(NEW.owner_id, d.received_on, d.n, d.cents);
    END LOOP;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER receipt_collections_owner_sync AFTER UPDATE OF owner_id ON payment_installments
  FOR EACH ROW EXECUTE FUNCTION receipt_collections_owner_trigger();--> statement-breakpoint
INSERT INTO receipt_collections_daily (owner_id, received_on, receipts, amount_cents)
  SELECT i.owner_id, r.received_on, count(*), sum(r.amount_cents) FROM receipts r JOIN payment_installments i ON i.id = r.installment_id GROUP BY 1, 2;--> statement-breakpoint
-- customer_new_hourly (customers module): per owner, customer team and creation hour (UTC), the number of
-- owned, unmerged customers — what `newCustomersByOwner` counts. Hours, not days, so the company's time
-- zone can change without a rebuild: a period whose bounds fall on whole hours reads these rows.
CREATE TABLE "customer_new_hourly" (
	"owner_id" uuid NOT NULL,
	"team_id" uuid,
	"created_hour" timestamp with time zone NOT NULL,
	"customers" integer NOT NULL,
	CONSTRAINT "customer_new_hourly_key" UNIQUE NULLS NOT DISTINCT ("owner_id", "team_id", "created_hour")
);--> statement-breakpoint
CREATE INDEX "customer_new_hourly_hour_idx" ON "customer_new_hourly" ("created_hour");--> statement-breakpoint
CREATE OR REPLACE FUNCTION customer_new_hourly_apply(p_owner uuid, p_team uuid, p_hour timestamptz, p_n integer) RETURNS void LANGUAGE sql AS $$
  insert into customer_new_hourly as t (owner_id, team_id, created_hour, customers)
  values (p_owner, p_team, date_trunc('hour', p_hour, 'UTC'), p_n)
  on conflict (owner_id, team_id, created_hour) do update set customers = t.customers + excluded.customers
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION customer_new_hourly_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.owner_id IS NOT NULL AND OLD.merged_into_id IS NULL THEN
    PERFORM customer_new_hourly_apply(OLD.owner_id, OLD.team_id, OLD.created_at, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.owner_id IS NOT NULL AND NEW.merged_into_id IS NULL THEN
    PERFORM customer_new_hourly_apply(NEW.owner_id, NEW.team_id, NEW.created_at, 1);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER customer_new_hourly_sync AFTER INSERT OR DELETE OR UPDATE OF owner_id, team_id, created_at, merged_into_id ON customers
  FOR EACH ROW EXECUTE FUNCTION customer_new_hourly_trigger();--> statement-breakpoint
INSERT INTO customer_new_hourly (owner_id, team_id, created_hour, customers)
  SELECT owner_id, team_id, date_trunc('hour', created_at, 'UTC'), count(*) FROM customers
   WHERE owner_id IS NOT NULL AND merged_into_id IS NULL GROUP BY 1, 2, 3;
