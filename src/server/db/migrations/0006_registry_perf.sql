-- People search at 1 M people (bench size district), a street admin searching their street:
-- a 2-character name matched up to ~3,700 people across the district and every one was read
-- from the table only to drop the 12 in 13 outside the street. The grams index now carries the
-- place ids of the path as a second key, so only matches in scope are read (50 → 3.5 ms for the
-- commonest names). Queries on the grams alone use the same index.
DROP INDEX IF EXISTS "people_name_grams_idx";--> statement-breakpoint
CREATE INDEX "people_name_grams_scope_idx" ON "people" USING gin ("name_grams", string_to_array("place_path", '/'));--> statement-breakpoint
-- Pinyin and initials searches order their matches by pinyin and count them: with the id (and
-- the pinyin) in the index both come from the index alone instead of ~2,000 random table reads
-- for a two-letter prefix (30 → 5.5 ms).
DROP INDEX IF EXISTS "people_name_pinyin_scope_idx";--> statement-breakpoint
CREATE INDEX "people_name_pinyin_scope_idx" ON "people" USING btree ("name_pinyin" text_pattern_ops, "place_path" text_pattern_ops, "id");--> statement-breakpoint
DROP INDEX IF EXISTS "people_name_initials_scope_idx";--> statement-breakpoint
CREATE INDEX "people_name_initials_scope_idx" ON "people" USING btree ("name_initials" text_pattern_ops, "place_path" text_pattern_ops, "name_pinyin", "id");
