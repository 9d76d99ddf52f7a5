CREATE TABLE "notice_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"format" text DEFAULT 'markdown' NOT NULL,
	"config_enc" text NOT NULL,
	"url_masked" text NOT NULL,
	"has_secret" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notice_channels_kind_check" CHECK ("notice_channels"."kind" in ('wecom','dingtalk','feishu','sms')),
	CONSTRAINT "notice_channels_format_check" CHECK ("notice_channels"."format" in ('markdown','text'))
);
--> statement-breakpoint
CREATE TABLE "notice_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notice_id" uuid,
	"channel_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"channel_kind" text NOT NULL,
	"recipient_label" text NOT NULL,
	"recipient_user_id" uuid,
	"phone_enc" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notice_deliveries_status_check" CHECK ("notice_deliveries"."status" in ('queued','retrying','sent','failed','skipped'))
);
--> statement-breakpoint
CREATE TABLE "notice_recipients" (
	"notice_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"via" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"audience" jsonb NOT NULL,
	"audience_label" text NOT NULL,
	"public" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'published' NOT NULL,
	"template_id" uuid,
	"attachment_file_id" uuid,
	"attachment_name" text,
	"source_type" text,
	"source_id" text,
	"recipient_count" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notices_status_check" CHECK ("notices"."status" in ('published','withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"title" text NOT NULL,
	"held_on" date NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"name_enc" text NOT NULL,
	"name_masked" text NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_masked" text NOT NULL,
	"availability" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text DEFAULT '' NOT NULL,
	"member_id" uuid,
	"ip_hash" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_applications_status_check" CHECK ("volunteer_applications"."status" in ('pending','approved','rejected'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"person_id" uuid,
	"user_id" uuid,
	"name" text NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"phone_enc" text,
	"phone_masked" text,
	"availability" text DEFAULT '' NOT NULL,
	"joined_on" date NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_members_role_check" CHECK ("volunteer_members"."role" in ('leader','member'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"served_on" date NOT NULL,
	"hours" numeric(5, 2) NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"activity_id" uuid,
	"shift_id" uuid,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_records_hours_check" CHECK ("volunteer_records"."hours" > 0 and "volunteer_records"."hours" <= 24),
	CONSTRAINT "volunteer_records_points_check" CHECK ("volunteer_records"."points" >= 0)
);
--> statement-breakpoint
CREATE TABLE "volunteer_shifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"weekday" smallint,
	"date" date,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"title" text NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"member_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_shifts_when_check" CHECK (("volunteer_shifts"."weekday" is null) <> ("volunteer_shifts"."date" is null) and ("volunteer_shifts"."weekday" is null or "volunteer_shifts"."weekday" between 1 and 7)),
	CONSTRAINT "volunteer_shifts_time_check" CHECK ("volunteer_shifts"."start_time" < "volunteer_shifts"."end_time")
);
--> statement-breakpoint
CREATE TABLE "volunteer_teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"recruiting" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_teams_kind_check" CHECK ("volunteer_teams"."kind" in ('safety','sister','armband','patrol','fire','school','legal','mediation','poverty','ringworm','ten_household','other'))
);
--> statement-breakpoint
ALTER TABLE "notice_channels" ADD CONSTRAINT "notice_channels_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_deliveries" ADD CONSTRAINT "notice_deliveries_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_deliveries" ADD CONSTRAINT "notice_deliveries_channel_id_notice_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."notice_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_deliveries" ADD CONSTRAINT "notice_deliveries_recipient_user_id_users_id_fk" FOREIGN KEY ("recipient_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_recipients" ADD CONSTRAINT "notice_recipients_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_recipients" ADD CONSTRAINT "notice_recipients_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_templates" ADD CONSTRAINT "notice_templates_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_template_id_notice_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."notice_templates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_activities" ADD CONSTRAINT "volunteer_activities_team_id_volunteer_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."volunteer_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_applications" ADD CONSTRAINT "volunteer_applications_team_id_volunteer_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."volunteer_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_applications" ADD CONSTRAINT "volunteer_applications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_applications" ADD CONSTRAINT "volunteer_applications_member_id_volunteer_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."volunteer_members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_members" ADD CONSTRAINT "volunteer_members_team_id_volunteer_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."volunteer_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_members" ADD CONSTRAINT "volunteer_members_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_members" ADD CONSTRAINT "volunteer_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_records" ADD CONSTRAINT "volunteer_records_team_id_volunteer_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."volunteer_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_records" ADD CONSTRAINT "volunteer_records_member_id_volunteer_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."volunteer_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_records" ADD CONSTRAINT "volunteer_records_activity_id_volunteer_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."volunteer_activities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_records" ADD CONSTRAINT "volunteer_records_shift_id_volunteer_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."volunteer_shifts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_records" ADD CONSTRAINT "volunteer_records_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_shifts" ADD CONSTRAINT "volunteer_shifts_team_id_volunteer_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."volunteer_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_teams" ADD CONSTRAINT "volunteer_teams_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notice_channels_path_idx" ON "notice_channels" USING btree ("place_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "notice_deliveries_notice_idx" ON "notice_deliveries" USING btree ("notice_id","channel_id");--> statement-breakpoint
CREATE INDEX "notice_deliveries_channel_idx" ON "notice_deliveries" USING btree ("channel_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "notice_recipients_key" ON "notice_recipients" USING btree ("notice_id","user_id");--> statement-breakpoint
CREATE INDEX "notice_recipients_user_idx" ON "notice_recipients" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "notice_templates_path_idx" ON "notice_templates" USING btree ("place_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "notices_path_idx" ON "notices" USING btree ("place_path" text_pattern_ops,"published_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notices_board_idx" ON "notices" USING btree ("place_id","published_at" DESC NULLS LAST) WHERE "notices"."public" and "notices"."status" = 'published';--> statement-breakpoint
CREATE INDEX "volunteer_activities_team_idx" ON "volunteer_activities" USING btree ("team_id","held_on");--> statement-breakpoint
CREATE INDEX "volunteer_applications_path_idx" ON "volunteer_applications" USING btree ("place_path" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "volunteer_applications_ip_idx" ON "volunteer_applications" USING btree ("ip_hash","created_at");--> statement-breakpoint
CREATE INDEX "volunteer_members_team_idx" ON "volunteer_members" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "volunteer_members_path_idx" ON "volunteer_members" USING btree ("place_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_members_person_key" ON "volunteer_members" USING btree ("team_id","person_id") WHERE "volunteer_members"."person_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_members_leader_key" ON "volunteer_members" USING btree ("team_id") WHERE "volunteer_members"."role" = 'leader' and "volunteer_members"."active";--> statement-breakpoint
CREATE INDEX "volunteer_records_team_idx" ON "volunteer_records" USING btree ("team_id","served_on");--> statement-breakpoint
CREATE INDEX "volunteer_records_member_idx" ON "volunteer_records" USING btree ("member_id","served_on");--> statement-breakpoint
CREATE INDEX "volunteer_shifts_team_idx" ON "volunteer_shifts" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "volunteer_teams_path_idx" ON "volunteer_teams" USING btree ("place_path" text_pattern_ops);