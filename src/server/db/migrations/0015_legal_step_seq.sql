DROP INDEX "legal_request_steps_request_idx";--> statement-breakpoint
ALTER TABLE "legal_request_steps" ADD COLUMN "seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "legal_request_steps_seq_key" ON "legal_request_steps" USING btree ("request_id","seq");