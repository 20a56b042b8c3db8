-- The complaint queue (issue 20 Speed): its order — open before closed, unanswered first, highest SLA
-- level, newest — as an index, so the first page is read in order and stops at the page size.
CREATE INDEX "complaints_queue_idx" ON "complaints" (("status" = 'closed'), ("first_response_at" IS NULL) DESC, "sla_level" DESC, "opened_at" DESC, "id");
--> statement-breakpoint
-- A training plan draws its budget from an expense budget (issue 20 item 1, R-EXP-2 through the expenses module).
ALTER TABLE "training_plans" ADD COLUMN "expense_budget_id" uuid REFERENCES "expense_budgets"("id");
--> statement-breakpoint
-- The queue's count of open tickets, and the owner/customer access test on them, from the index alone.
CREATE INDEX "complaints_open_idx" ON "complaints" ("owner_id", "customer_id") WHERE "status" <> 'closed';
