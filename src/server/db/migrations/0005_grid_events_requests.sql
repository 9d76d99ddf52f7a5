CREATE SEQUENCE "public"."event_no_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"goals" text DEFAULT '' NOT NULL,
	"target_count" integer,
	"created_by" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_period_check" CHECK ("campaigns"."ends_on" >= "campaigns"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "diary_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"author_name" text NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"house_id" uuid,
	"person_id" uuid,
	"case_id" uuid,
	"topic" text NOT NULL,
	"said" text NOT NULL,
	"follow_up" text DEFAULT '' NOT NULL,
	"needs_follow_up" boolean DEFAULT false NOT NULL,
	"visited_at" timestamp with time zone NOT NULL,
	"lat" numeric(9, 6),
	"long" numeric(9, 6),
	"event_id" uuid,
	"idempotency_key" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "event_steps_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"action" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"note" text DEFAULT '' NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"no" text NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"category" text NOT NULL,
	"subcategory" text,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"observation" jsonb,
	"address" text DEFAULT '' NOT NULL,
	"lat" numeric(9, 6),
	"long" numeric(9, 6),
	"source" text NOT NULL,
	"reporter_id" uuid,
	"reporter_name" text NOT NULL,
	"status" text DEFAULT 'reported' NOT NULL,
	"level" text DEFAULT 'grid' NOT NULL,
	"level_since" timestamp with time zone NOT NULL,
	"assignee_kind" text NOT NULL,
	"assignee_user_id" uuid,
	"assignee_place_id" uuid,
	"assignee_outside" text,
	"assignee_label" text NOT NULL,
	"closure_kind" text,
	"closure_note" text,
	"duplicate_of" uuid,
	"campaign_id" uuid,
	"involved_person_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"involved_house_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"overdue_notified_at" timestamp with time zone,
	"supervised_count" integer DEFAULT 0 NOT NULL,
	"reopened_count" integer DEFAULT 0 NOT NULL,
	"rating" integer,
	"rating_comment" text,
	"resident_confirmed" boolean,
	"idempotency_key" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_status_check" CHECK ("events"."status" in ('reported','accepted','in_progress','closed','reviewed','archived')),
	CONSTRAINT "events_level_check" CHECK ("events"."level" in ('grid','community','street')),
	CONSTRAINT "events_urgency_check" CHECK ("events"."urgency" in ('normal','urgent','critical')),
	CONSTRAINT "events_rating_check" CHECK ("events"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "grid_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grid_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"service_phone" text DEFAULT '' NOT NULL,
	"duties" text DEFAULT '' NOT NULL,
	"photo_file_id" uuid,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grid_members_role_check" CHECK ("grid_members"."role" in ('leader','worker','building_head','micro_worker'))
);
--> statement-breakpoint
CREATE TABLE "round_checkins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"grid_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"day" date NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"lat" numeric(9, 6),
	"long" numeric(9, 6),
	"is_demo" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "open311_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "resident_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tracking_no" text NOT NULL,
	"event_id" uuid NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"channel" text DEFAULT 'web' NOT NULL,
	"service_code" text NOT NULL,
	"name_enc" text,
	"phone_enc" text,
	"phone_index" text,
	"phone_masked" text,
	"ip_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_entries" ADD CONSTRAINT "diary_entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_entries" ADD CONSTRAINT "diary_entries_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_entries" ADD CONSTRAINT "diary_entries_house_id_houses_id_fk" FOREIGN KEY ("house_id") REFERENCES "public"."houses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_entries" ADD CONSTRAINT "diary_entries_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_entries" ADD CONSTRAINT "diary_entries_case_id_group_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."group_cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_entries" ADD CONSTRAINT "diary_entries_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_steps" ADD CONSTRAINT "event_steps_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_steps" ADD CONSTRAINT "event_steps_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_assignee_place_id_places_id_fk" FOREIGN KEY ("assignee_place_id") REFERENCES "public"."places"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_members" ADD CONSTRAINT "grid_members_grid_id_places_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_members" ADD CONSTRAINT "grid_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_checkins" ADD CONSTRAINT "round_checkins_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_checkins" ADD CONSTRAINT "round_checkins_grid_id_places_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resident_requests" ADD CONSTRAINT "resident_requests_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resident_requests" ADD CONSTRAINT "resident_requests_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaigns_path_idx" ON "campaigns" USING btree ("place_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "diary_entries_idempotency_key" ON "diary_entries" USING btree ("user_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "diary_entries_user_idx" ON "diary_entries" USING btree ("user_id","visited_at");--> statement-breakpoint
CREATE INDEX "diary_entries_path_idx" ON "diary_entries" USING btree ("place_path" text_pattern_ops,"visited_at");--> statement-breakpoint
CREATE INDEX "event_steps_event_idx" ON "event_steps" USING btree ("event_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "events_no_key" ON "events" USING btree ("no");--> statement-breakpoint
CREATE UNIQUE INDEX "events_idempotency_key" ON "events" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "events_path_idx" ON "events" USING btree ("place_path" text_pattern_ops,"created_at");--> statement-breakpoint
CREATE INDEX "events_assignee_open_idx" ON "events" USING btree ("assignee_user_id","deadline_at") WHERE "events"."status" in ('reported','accepted','in_progress');--> statement-breakpoint
CREATE INDEX "events_assignee_place_open_idx" ON "events" USING btree ("assignee_place_id","deadline_at") WHERE "events"."status" in ('reported','accepted','in_progress');--> statement-breakpoint
CREATE INDEX "events_level_open_idx" ON "events" USING btree ("level","level_since") WHERE "events"."status" in ('reported','accepted','in_progress');--> statement-breakpoint
CREATE INDEX "events_dup_idx" ON "events" USING btree ("place_id","category","created_at");--> statement-breakpoint
CREATE INDEX "events_created_idx" ON "events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "grid_members_grid_idx" ON "grid_members" USING btree ("grid_id","sort_order");--> statement-breakpoint
CREATE INDEX "grid_members_path_idx" ON "grid_members" USING btree ("place_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "grid_members_user_key" ON "grid_members" USING btree ("grid_id","user_id") WHERE "grid_members"."user_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "round_checkins_user_day_key" ON "round_checkins" USING btree ("user_id","day");--> statement-breakpoint
CREATE INDEX "round_checkins_path_idx" ON "round_checkins" USING btree ("place_path" text_pattern_ops,"day");--> statement-breakpoint
CREATE UNIQUE INDEX "open311_keys_hash_key" ON "open311_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "resident_requests_tracking_key" ON "resident_requests" USING btree ("tracking_no");--> statement-breakpoint
CREATE UNIQUE INDEX "resident_requests_event_key" ON "resident_requests" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "resident_requests_ip_idx" ON "resident_requests" USING btree ("ip_hash","created_at");--> statement-breakpoint
CREATE INDEX "resident_requests_path_idx" ON "resident_requests" USING btree ("place_path" text_pattern_ops,"created_at");