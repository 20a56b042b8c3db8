DROP INDEX "opportunity_stage_history_opp_idx";--> statement-breakpoint
DROP INDEX "opportunity_stage_history_at_idx";--> statement-breakpoint
CREATE INDEX "opportunities_owner_closed_idx" ON "opportunities" USING btree ("owner_id","closed_at","stage","rank","updated_at","amount_cents","probability","id");--> statement-breakpoint
CREATE INDEX "opportunities_stage_rank_idx" ON "opportunities" USING btree ("stage","rank","updated_at");--> statement-breakpoint
CREATE INDEX "opportunities_updated_idx" ON "opportunities" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "opportunities_name_trgm_idx" ON "opportunities" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "opportunity_stage_history_opp_idx" ON "opportunity_stage_history" USING btree ("opportunity_id","at","to_stage");--> statement-breakpoint
CREATE INDEX "opportunity_stage_history_at_idx" ON "opportunity_stage_history" USING btree ("at","opportunity_id");