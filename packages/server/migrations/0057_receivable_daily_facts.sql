-- Receivables per owner and due day (issue 18 item 6), for the cockpit's receivables card and the
-- summary behind it (aging R-AR-1, overdue, billed, receivables at period end for DSO): per installment
-- owner and due day, over the installments of receivable contracts (no contract in draft, in approval or
-- terminated — `receivableInstallmentSql`), the Σ amount billed, and of the open ones (settled_on is null)
-- their number and Σ outstanding. Kept by triggers in the writing transaction: on installments, on a
-- contract's status (its installments join or leave the receivables) and before a contract is deleted
-- (its installments go with it by cascade, when the contract can no longer be read).
CREATE TABLE "receivable_installments_daily" (
	"owner_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"billed_cents" bigint NOT NULL,
	"open_installments" integer NOT NULL,
	"outstanding_cents" bigint NOT NULL,
	PRIMARY KEY ("owner_id", "due_on")
);--> statement-breakpoint
CREATE INDEX "receivable_installments_daily_due_idx" ON "receivable_installments_daily" ("due_on");--> statement-breakpoint
CREATE OR REPLACE FUNCTION receivable_installments_daily_apply(p_owner uuid, p_day date, p_sign integer, p_amount bigint, p_open boolean, p_outstanding bigint) RETURNS void LANGUAGE sql AS $$
  insert into receivable_installments_daily as t (owner_id, due_on, billed_cents, open_installments, outstanding_cents)
  values (p_owner, p_day, p_sign * p_amount, case when p_open then p_sign else 0 end, case when p_open then p_sign * p_outstanding else 0 end)
  on conflict (owner_id, due_on) do update
    set billed_cents = t.billed_cents + excluded.billed_cents,
        open_installments = t.open_installments + excluded.open_installments,
        outstanding_cents = t.outstanding_cents + excluded.outstanding_cents
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION receivable_contract_status(p_status text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  select p_status not in ('draft', 'in_approval', 'terminated')
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION receivable_installments_daily_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_status text;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT c.status INTO v_status FROM contracts c WHERE c.id = OLD.contract_id;
    -- No contract: it is being deleted, and its BEFORE DELETE trigger took its installments out.
    IF FOUND AND receivable_contract_status(v_status) THEN
      PERFORM receivable_installments_daily_apply(OLD.owner_id, OLD.due_on, -1, OLD.amount_cents, OLD.settled_on IS NULL,
        OLD.amount_cents - OLD.received_cents - OLD.written_off_cents);
    END IF;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    SELECT c.status INTO v_status FROM contracts c WHERE c.id = NEW.contract_id;
    IF FOUND AND receivable_contract_status(v_status) THEN
      PERFORM receivable_installments_daily_apply(NEW.owner_id, NEW.due_on, 1, NEW.amount_cents, NEW.settled_on IS NULL,
        NEW.amount_cents - NEW.received_cents - NEW.written_off_cents);
    END IF;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER receivable_installments_daily_sync AFTER INSERT OR DELETE OR UPDATE OF owner_id, due_on, amount_cents, received_cents, written_off_cents, settled_on, contract_id ON payment_installments
  FOR EACH ROW EXECUTE FUNCTION receivable_installments_daily_trigger();--> statement-breakpoint
-- A contract's installments join or leave the receivables with its status, and leave before it is deleted.
CREATE OR REPLACE FUNCTION receivable_installments_contract_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_sign integer;
  d record;
BEGIN
  IF TG_OP = 'DELETE' THEN
    v_sign := CASE WHEN receivable_contract_status(OLD.status) THEN -1 ELSE 0 END;
  ELSIF receivable_contract_status(OLD.status) = receivable_contract_status(NEW.status) THEN
    v_sign := 0;
  ELSE
    v_sign := CASE WHEN receivable_contract_status(NEW.status) THEN 1 ELSE -1 END;
  END IF;
  IF v_sign <> 0 THEN
    FOR d IN SELECT i.owner_id, i.due_on, i.amount_cents, i.settled_on IS NULL AS open,
                    i.amount_cents - i.received_cents - i.written_off_cents AS outstanding
               FROM payment_installments i WHERE i.contract_id = OLD.id LOOP
      PERFORM receivable_installments_daily_apply(d.owner_id, d.due_on, v_sign, d.amount_cents, d.open, d.outstanding);
    END LOOP;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NULL END;
END
$$;--> statement-breakpoint
CREATE TRIGGER receivable_installments_contract_sync AFTER UPDATE OF status ON contracts
  FOR EACH ROW EXECUTE FUNCTION receivable_installments_contract_trigger();--> statement-breakpoint
CREATE TRIGGER receivable_installments_contract_delete BEFORE DELETE ON contracts
  FOR EACH ROW EXECUTE FUNCTION receivable_installments_contract_trigger();--> statement-breakpoint
INSERT INTO receivable_installments_daily (owner_id, due_on, billed_cents, open_installments, outstanding_cents)
  SELECT i.owner_id, i.due_on, sum(i.amount_cents), count(*) FILTER (WHERE i.settled_on IS NULL),
         coalesce(sum(i.amount_cents - i.received_cents - i.written_off_cents) FILTER (WHERE i.settled_on IS NULL), 0)
    FROM payment_installments i JOIN contracts c ON c.id = i.contract_id
   WHERE receivable_contract_status(c.status) GROUP BY 1, 2;
