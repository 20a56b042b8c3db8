-- R-EXP-2 budget check (issue 19 speed): a budget's committed and spent amounts, leaving out the claim
-- being submitted — the one definition, read before the lock (a claim already over is blocked early)
-- and under it.
CREATE OR REPLACE FUNCTION expense_budget_figures(p_budget_ids uuid[], p_claim uuid)
RETURNS TABLE (budget_id uuid, budget_cents bigint, committed_cents bigint, spent_cents bigint)
LANGUAGE sql STABLE AS $$
  select b.id, b.amount_cents,
         coalesce((select sum(l.amount_cents) from expense_claim_lines l join expense_claims c on c.id = l.claim_id
                    where l.budget_id = b.id and c.id <> p_claim and c.status in ('submitted', 'approved')), 0)::bigint,
         coalesce((select sum(l.amount_cents) from expense_claim_lines l join expense_claims c on c.id = l.claim_id
                    where l.budget_id = b.id and c.id <> p_claim and c.status = 'paid'), 0)::bigint
    from expense_budgets b where b.id = any(p_budget_ids)
$$;
--> statement-breakpoint
-- The same figures under the budget rows' lock, in ONE round trip, so concurrent submitters on one
-- budget hold the lock only for this call and their commit. The lock is FOR NO KEY UPDATE (each
-- submitter already holds FOR KEY SHARE through the claim lines' foreign key; FOR UPDATE would
-- deadlock them). The figures are read by a second statement: in a VOLATILE PL/pgSQL function each
-- statement takes a fresh snapshot under READ COMMITTED, so it sees the claim committed by whoever
-- held the lock before (a single statement that waited for the lock would not).
CREATE OR REPLACE FUNCTION expense_budget_figures_locked(p_budget_ids uuid[], p_claim uuid)
RETURNS TABLE (budget_id uuid, budget_cents bigint, committed_cents bigint, spent_cents bigint)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM 1 FROM expense_budgets b WHERE b.id = any(p_budget_ids) ORDER BY b.id FOR NO KEY UPDATE;
  RETURN QUERY SELECT * FROM expense_budget_figures(p_budget_ids, p_claim);
END
$$;
