-- Issue 16: approval matrix rows get an English name (shown to English readers), rule ids leave the
-- seeded names, and stored messages (notifications, approval titles, job results, audit summaries)
-- keep an i18n key + parameters beside their text, so each reader sees them in their own language.
-- Rows written before keep only their text, which is shown as it is.
ALTER TABLE "approval_policies" ADD COLUMN IF NOT EXISTS "name_en" text;
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN IF NOT EXISTS "title_message" jsonb, ADD COLUMN IF NOT EXISTS "body_message" jsonb;
--> statement-breakpoint
ALTER TABLE "approval_requests" ADD COLUMN IF NOT EXISTS "title_message" jsonb;
--> statement-breakpoint
ALTER TABLE "scheduled_jobs" ADD COLUMN IF NOT EXISTS "last_result" jsonb;
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN IF NOT EXISTS "summary_message" jsonb;
--> statement-breakpoint
UPDATE "approval_policies" SET "name" = '折扣 ≥ 50,000 元：销售经理审批', "name_en" = 'Discount ≥ ¥50,000: sales manager' WHERE "name" IN ('R-QUO-1 折扣 ≥ 50,000 元：销售经理审批', '折扣 ≥ 50,000 元：销售经理审批') AND "name_en" IS NULL;
--> statement-breakpoint
UPDATE "approval_policies" SET "name" = '折扣 ≥ 500,000 元：经理 → 总监', "name_en" = 'Discount ≥ ¥500,000: manager → director' WHERE "name" IN ('折扣 ≥ 500,000 元：经理 → 总监', '折扣 ≥ 500,000 元：经理 → 总监') AND "name_en" IS NULL;
--> statement-breakpoint
UPDATE "approval_policies" SET "name" = '合同签订：主管审批', "name_en" = 'Contract signing: supervisor' WHERE "name" IN ('合同签订：主管审批', '合同签订：主管审批') AND "name_en" IS NULL;
--> statement-breakpoint
UPDATE "approval_policies" SET "name" = '折扣 ≥ 50,000 元且 ≥ 20%：经理 → 总监', "name_en" = 'Discount ≥ ¥50,000 and ≥ 20%: manager → director' WHERE "name" IN ('折扣 ≥ 50,000 元且 ≥ 20%：经理 → 总监', '折扣 ≥ 50,000 元且 ≥ 20%：经理 → 总监') AND "name_en" IS NULL;
--> statement-breakpoint
UPDATE "approval_policies" SET "name" = '低于底价：总监审批', "name_en" = 'Below floor price: director' WHERE "name" IN ('R-QUO-1 低于底价：总监审批', '低于底价：总监审批') AND "name_en" IS NULL;
--> statement-breakpoint
UPDATE "approval_policies" SET "name" = '低于底价且折扣 ≥ 50,000 元：经理 → 总监', "name_en" = 'Below floor and discount ≥ ¥50,000: manager → director' WHERE "name" IN ('低于底价且折扣 ≥ 50,000 元：经理 → 总监', '低于底价且折扣 ≥ 50,000 元：经理 → 总监') AND "name_en" IS NULL;
--> statement-breakpoint
UPDATE "approval_policies" SET "name" = '合同 ≥ 1,000,000 元：经理 → 总监', "name_en" = 'Contract ≥ ¥1,000,000: manager → director' WHERE "name" IN ('合同 ≥ 1,000,000 元：经理 → 总监', '合同 ≥ 1,000,000 元：经理 → 总监') AND "name_en" IS NULL;
--> statement-breakpoint
UPDATE "approval_policies" SET "name" = '超信用额度：经理 → 财务', "name_en" = 'Over the credit limit: manager → finance' WHERE "name" IN ('R-AR-2 超信用额度：经理 → 财务', '超信用额度：经理 → 财务') AND "name_en" IS NULL;
--> statement-breakpoint
UPDATE "approval_policies" SET "name" = '坏账核销：总监审批', "name_en" = 'Bad-debt write-off: director' WHERE "name" IN ('坏账核销：总监审批', '坏账核销：总监审批') AND "name_en" IS NULL;
--> statement-breakpoint
UPDATE "approval_policies" SET "name" = '费用报销：主管 → 财务', "name_en" = 'Expense claim: supervisor → finance' WHERE "name" IN ('R-EXP-1 费用报销：主管 → 财务', '费用报销：主管 → 财务') AND "name_en" IS NULL;
