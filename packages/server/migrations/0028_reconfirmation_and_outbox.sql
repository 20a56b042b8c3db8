-- Issue 17 items 4, 5, 8: outgoing messages (the senders' outbox, retried with backoff), the
-- day-before reconfirmations and the follow-ups generated when an event closes.
CREATE TABLE "outbound_messages" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "channel" text NOT NULL,
  "recipient" text,
  "subject" text,
  "body" text NOT NULL,
  "ref" text,
  "status" text DEFAULT 'pending' NOT NULL,
  "sender" text,
  "attempts" integer DEFAULT 0 NOT NULL,
  "next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
  "last_error" text,
  "sent_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "outbound_messages_channel_check" CHECK ("channel" IN ('email', 'sms', 'wecom', 'dingtalk')),
  CONSTRAINT "outbound_messages_status_check" CHECK ("status" IN ('pending', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE INDEX "outbound_messages_due_idx" ON "outbound_messages" ("next_attempt_at") WHERE "status" = 'pending';
--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_messages_ref_idx" ON "outbound_messages" ("ref");
--> statement-breakpoint
CREATE TABLE "event_reconfirmations" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "event_id" uuid NOT NULL REFERENCES "events"("id") ON DELETE CASCADE,
  "invitation_id" uuid NOT NULL REFERENCES "event_invitations"("id") ON DELETE CASCADE,
  "caller_id" uuid NOT NULL REFERENCES "users"("id"),
  "message_id" uuid REFERENCES "outbound_messages"("id") ON DELETE SET NULL,
  "task_id" uuid,
  "outcome" text,
  "outcome_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  CONSTRAINT "event_reconfirmations_outcome_check" CHECK ("outcome" IN ('confirmed', 'cancelled', 'no_answer'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "event_reconfirmations_invitation_idx" ON "event_reconfirmations" ("invitation_id");
--> statement-breakpoint
CREATE INDEX "event_reconfirmations_caller_idx" ON "event_reconfirmations" ("caller_id", "event_id");
--> statement-breakpoint
CREATE TABLE "event_follow_ups" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "event_id" uuid NOT NULL REFERENCES "events"("id") ON DELETE CASCADE,
  "invitation_id" uuid NOT NULL REFERENCES "event_invitations"("id") ON DELETE CASCADE,
  "kind" text NOT NULL,
  "task_id" uuid NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "event_follow_ups_kind_check" CHECK ("kind" IN ('attendee', 'no_show'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "event_follow_ups_invitation_idx" ON "event_follow_ups" ("invitation_id");
--> statement-breakpoint
CREATE INDEX "event_follow_ups_event_idx" ON "event_follow_ups" ("event_id");
