-- Kanban totals without reading the pipeline: per owner and open stage, the count, Σ amount and
-- Σ amount × probability of open opportunities (closed_at is null), kept by a trigger in the same
-- transaction as every insert, update and delete of opportunities. The board sums the rows of the
-- owners in the caller's scope (a few hundred rows for a manager instead of ~70,000 opportunities).
CREATE TABLE "opportunity_stage_totals" (
	"owner_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"open_count" integer NOT NULL,
	"amount_cents" bigint NOT NULL,
	"weighted_cents" numeric NOT NULL,
	PRIMARY KEY ("owner_id", "stage")
);--> statement-breakpoint
CREATE OR REPLACE FUNCTION opportunity_stage_totals_apply(p_owner uuid, p_stage text, p_count integer, p_amount bigint, p_weighted numeric) RETURNS void LANGUAGE sql AS $$
  insert into opportunity_stage_totals as t (owner_id, stage, open_count, amount_cents, weighted_cents)
  values (p_owner, p_stage, p_count, p_amount, p_weighted)
  on conflict (owner_id, stage) do update
    set open_count = t.open_count + excluded.open_count,
        amount_cents = t.amount_cents + excluded.amount_cents,
        weighted_cents = t.weighted_cents + excluded.weighted_cents
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION opportunity_stage_totals_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.closed_at IS NULL THEN
    PERFORM opportunity_stage_totals_apply(OLD.owner_id, OLD.stage, -1, -OLD.amount_cents, -(OLD.amount_cents::numeric * OLD.probability));
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.closed_at IS NULL THEN
    PERFORM opportunity_stage_totals_apply(NEW.owner_id, NEW.stage, 1, NEW.amount_cents, NEW.amount_cents::numeric * NEW.probability);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER opportunity_stage_totals_sync AFTER INSERT OR DELETE OR UPDATE OF owner_id, stage, amount_cents, probability, closed_at ON opportunities
  FOR EACH ROW EXECUTE FUNCTION opportunity_stage_totals_trigger();--> statement-breakpoint
INSERT INTO opportunity_stage_totals (owner_id, stage, open_count, amount_cents, weighted_cents)
  SELECT owner_id, stage, count(*), sum(amount_cents), sum(amount_cents::numeric * probability) FROM opportunities WHERE closed_at IS NULL GROUP BY owner_id, stage;
