DROP INDEX "people_name_pinyin_idx";--> statement-breakpoint
DROP INDEX "people_name_initials_idx";--> statement-breakpoint
DROP INDEX "houses_address_key_idx";--> statement-breakpoint
CREATE INDEX "people_name_pinyin_scope_idx" ON "people" USING btree ("name_pinyin" text_pattern_ops,"place_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "people_name_initials_scope_idx" ON "people" USING btree ("name_initials" text_pattern_ops,"place_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "houses_address_key_idx" ON "houses" USING btree ("address_key" text_pattern_ops,"place_path" text_pattern_ops);--> statement-breakpoint
-- The blind-index keys are nearly unique: with the default statistics the planner guesses 5,000
-- matches for one and scans a whole street's scope index instead (measured at 1 M people).
ALTER TABLE "people" ALTER COLUMN "pii_keys" SET STATISTICS 1000;
