DROP INDEX "events_dup_idx";--> statement-breakpoint
DROP INDEX "events_idempotency_key";--> statement-breakpoint
CREATE UNIQUE INDEX "events_idempotency_key" ON "events" USING btree ("idempotency_key") WHERE "events"."idempotency_key" is not null;