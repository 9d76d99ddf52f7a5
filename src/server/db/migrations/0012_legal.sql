CREATE TABLE "legal_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"advisor_name" text NOT NULL,
	"firm" text NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"duties" text NOT NULL,
	"file_id" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "legal_agreements_term_check" CHECK ("legal_agreements"."ends_on" >= "legal_agreements"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "legal_articles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"published" boolean DEFAULT true NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "legal_articles_category_check" CHECK ("legal_articles"."category" in ('law','faq','case','guide'))
);
--> statement-breakpoint
CREATE TABLE "legal_boards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"photo_file_id" uuid,
	"changed_on" date NOT NULL,
	"created_by" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legal_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"person_id" uuid,
	"name" text NOT NULL,
	"phone_enc" text,
	"phone_masked" text,
	"publish_phone" boolean DEFAULT false NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legal_duty_slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"venue" text NOT NULL,
	"date" date NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"advisor_id" uuid,
	"advisor_name" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "legal_duty_slots_time_check" CHECK ("legal_duty_slots"."end_time" > "legal_duty_slots"."start_time")
);
--> statement-breakpoint
CREATE TABLE "legal_request_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_name" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legal_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tracking_no" text NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"subject" text NOT NULL,
	"description" text NOT NULL,
	"name_enc" text,
	"name_masked" text DEFAULT '' NOT NULL,
	"phone_enc" text,
	"phone_index" text,
	"phone_masked" text,
	"ip_hash" text,
	"advisor_id" uuid,
	"advisor_name" text,
	"answer" text,
	"answered_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closing_note" text,
	"rating" integer,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"created_by" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "legal_requests_kind_check" CHECK ("legal_requests"."kind" in ('consult','aid','labour','litigation')),
	CONSTRAINT "legal_requests_status_check" CHECK ("legal_requests"."status" in ('submitted','assigned','answered','closed')),
	CONSTRAINT "legal_requests_channel_check" CHECK ("legal_requests"."channel" in ('web','desk')),
	CONSTRAINT "legal_requests_rating_check" CHECK ("legal_requests"."rating" is null or "legal_requests"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "school_attendees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"name_enc" text NOT NULL,
	"name_masked" text NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_index" text NOT NULL,
	"phone_masked" text NOT NULL,
	"signed_up_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"checkin_by" text,
	"rating" integer,
	"comment" text,
	"feedback_at" timestamp with time zone,
	"ip_hash" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_attendees_rating_check" CHECK ("school_attendees"."rating" is null or "school_attendees"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "school_courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "school_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"title" text NOT NULL,
	"lecturer" text NOT NULL,
	"venue" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer DEFAULT 90 NOT NULL,
	"capacity" integer NOT NULL,
	"checkin_token" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_sessions_capacity_check" CHECK ("school_sessions"."capacity" between 1 and 10000)
);
--> statement-breakpoint
ALTER TABLE "legal_agreements" ADD CONSTRAINT "legal_agreements_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_agreements" ADD CONSTRAINT "legal_agreements_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_articles" ADD CONSTRAINT "legal_articles_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_boards" ADD CONSTRAINT "legal_boards_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_boards" ADD CONSTRAINT "legal_boards_photo_file_id_files_id_fk" FOREIGN KEY ("photo_file_id") REFERENCES "public"."files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_boards" ADD CONSTRAINT "legal_boards_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_contacts" ADD CONSTRAINT "legal_contacts_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_contacts" ADD CONSTRAINT "legal_contacts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_duty_slots" ADD CONSTRAINT "legal_duty_slots_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_duty_slots" ADD CONSTRAINT "legal_duty_slots_advisor_id_users_id_fk" FOREIGN KEY ("advisor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_request_steps" ADD CONSTRAINT "legal_request_steps_request_id_legal_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."legal_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_requests" ADD CONSTRAINT "legal_requests_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_requests" ADD CONSTRAINT "legal_requests_advisor_id_users_id_fk" FOREIGN KEY ("advisor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_requests" ADD CONSTRAINT "legal_requests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_attendees" ADD CONSTRAINT "school_attendees_session_id_school_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."school_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_courses" ADD CONSTRAINT "school_courses_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_sessions" ADD CONSTRAINT "school_sessions_course_id_school_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."school_courses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_sessions" ADD CONSTRAINT "school_sessions_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "legal_agreements_path_idx" ON "legal_agreements" USING btree ("place_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "legal_articles_path_idx" ON "legal_articles" USING btree ("place_path" text_pattern_ops,"updated_at");--> statement-breakpoint
CREATE INDEX "legal_boards_place_idx" ON "legal_boards" USING btree ("place_id","changed_on");--> statement-breakpoint
CREATE INDEX "legal_boards_path_idx" ON "legal_boards" USING btree ("place_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "legal_contacts_path_idx" ON "legal_contacts" USING btree ("place_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "legal_duty_slots_path_idx" ON "legal_duty_slots" USING btree ("place_path" text_pattern_ops,"date");--> statement-breakpoint
CREATE INDEX "legal_duty_slots_date_idx" ON "legal_duty_slots" USING btree ("date");--> statement-breakpoint
CREATE INDEX "legal_request_steps_request_idx" ON "legal_request_steps" USING btree ("request_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "legal_requests_tracking_key" ON "legal_requests" USING btree ("tracking_no");--> statement-breakpoint
CREATE INDEX "legal_requests_path_idx" ON "legal_requests" USING btree ("place_path" text_pattern_ops,"created_at");--> statement-breakpoint
CREATE INDEX "legal_requests_ip_idx" ON "legal_requests" USING btree ("ip_hash","created_at");--> statement-breakpoint
CREATE INDEX "legal_requests_advisor_idx" ON "legal_requests" USING btree ("advisor_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "school_attendees_phone_key" ON "school_attendees" USING btree ("session_id","phone_index");--> statement-breakpoint
CREATE INDEX "school_attendees_path_idx" ON "school_attendees" USING btree ("place_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "school_attendees_ip_idx" ON "school_attendees" USING btree ("ip_hash","created_at");--> statement-breakpoint
CREATE INDEX "school_courses_path_idx" ON "school_courses" USING btree ("place_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "school_sessions_token_key" ON "school_sessions" USING btree ("checkin_token");--> statement-breakpoint
CREATE INDEX "school_sessions_path_idx" ON "school_sessions" USING btree ("place_path" text_pattern_ops,"starts_at");--> statement-breakpoint
CREATE INDEX "school_sessions_course_idx" ON "school_sessions" USING btree ("course_id","starts_at");