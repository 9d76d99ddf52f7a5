-- "My open events" read ids, deadlines and places from the index alone (the count and the page's
-- order), and touch the table only for the page's own rows. The place index holds only events no
-- person has taken yet: those are the ones a grid or community shares.
DROP INDEX IF EXISTS "events_assignee_open_idx";--> statement-breakpoint
CREATE INDEX "events_assignee_open_idx" ON "events" USING btree ("assignee_user_id","deadline_at","id") INCLUDE ("place_path") WHERE "events"."status" in ('reported','accepted','in_progress');--> statement-breakpoint
DROP INDEX IF EXISTS "events_assignee_place_open_idx";--> statement-breakpoint
CREATE INDEX "events_assignee_place_open_idx" ON "events" USING btree ("assignee_place_id","deadline_at","id") INCLUDE ("place_path") WHERE "events"."status" in ('reported','accepted','in_progress') and "events"."assignee_user_id" is null;
