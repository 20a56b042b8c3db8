-- Issue 17 item 8 (001 客户跟进): follow-ups at close also for buyers (delivery and satisfaction call)
-- and for decliners with a time conflict (invite to the next event of the same type).
ALTER TABLE "event_follow_ups" DROP CONSTRAINT "event_follow_ups_kind_check";
--> statement-breakpoint
ALTER TABLE "event_follow_ups" ADD CONSTRAINT "event_follow_ups_kind_check"
  CHECK ("kind" IN ('attendee', 'no_show', 'buyer', 'time_conflict'));
