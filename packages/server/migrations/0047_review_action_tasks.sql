-- Issue 19 item 3: an improvement plan's actions become follow-up tasks of their owners (my day,
-- reminders, done); the task (customer-less, with a link back to the review) is what says done.
-- Tasks without a customer and their `link` come with 0050 (one mechanism for every linked task).
ALTER TABLE "review_actions" ADD COLUMN "task_id" uuid REFERENCES "follow_up_tasks"("id") ON DELETE SET NULL;
--> statement-breakpoint
CREATE INDEX "review_actions_task_idx" ON "review_actions" ("task_id");
