-- Two or three letters of initials match ~26,000 index entries across a district (1 M people)
-- of which a street admin wants ~2,000: the index now leads with the root of the path (the
-- street), so a scoped search reads only its own street's entries.
DROP INDEX "people_name_initials_scope_idx";--> statement-breakpoint
CREATE INDEX "people_name_initials_scope_idx" ON "people" USING btree (split_part("place_path", '/', 2),"name_initials" text_pattern_ops,"place_path" text_pattern_ops,"name_pinyin","id");