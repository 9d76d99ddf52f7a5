CREATE SEQUENCE "public"."mediation_case_no_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "mediation_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"lead" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"no" text NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"committee_id" uuid NOT NULL,
	"level" text NOT NULL,
	"level_since" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"event_id" uuid,
	"sweep_id" uuid,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"category" text NOT NULL,
	"subcategory" text,
	"scale" text NOT NULL,
	"amount" numeric(14, 2),
	"risk_flag" boolean DEFAULT false NOT NULL,
	"risk_level" text,
	"risk_note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'intake' NOT NULL,
	"decline_reason" text,
	"decline_referral" text,
	"accepted_at" timestamp with time zone,
	"rights_notified_at" timestamp with time zone,
	"outcome" text,
	"oral_content" text,
	"referral" text,
	"referral_destination" text,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"agreement" jsonb,
	"agreement_signed_on" date,
	"parties_signed" boolean DEFAULT false NOT NULL,
	"mediator_signed" boolean DEFAULT false NOT NULL,
	"sealed" boolean DEFAULT false NOT NULL,
	"judicial_status" text DEFAULT 'none' NOT NULL,
	"judicial_applied_on" date,
	"performance_status" text,
	"performance_note" text DEFAULT '' NOT NULL,
	"lead_leader" text,
	"lead_handler" text,
	"lead_plan" text,
	"lead_deadline" date,
	"emergency_started_at" timestamp with time zone,
	"emergency_departments" jsonb,
	"explanations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mediation_cases_status_check" CHECK ("mediation_cases"."status" in ('intake','mediating','declined','agreed','failed','closed')),
	CONSTRAINT "mediation_cases_level_check" CHECK ("mediation_cases"."level" in ('estate','community','street')),
	CONSTRAINT "mediation_cases_scale_check" CHECK ("mediation_cases"."scale" in ('individual','group','major_group')),
	CONSTRAINT "mediation_cases_amount_check" CHECK ("mediation_cases"."amount" is null or "mediation_cases"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "mediation_committees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"name" text NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"response_departments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"uploaded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_followups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"due_on" date NOT NULL,
	"done_at" timestamp with time zone,
	"method" text,
	"note" text DEFAULT '' NOT NULL,
	"by_name" text,
	"reminded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "mediation_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"committee_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"name" text NOT NULL,
	"gender" text NOT NULL,
	"role" text NOT NULL,
	"user_id" uuid,
	"person_id" uuid,
	"service_phone" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mediation_members_role_check" CHECK ("mediation_members"."role" in ('director','member','mediator')),
	CONSTRAINT "mediation_members_gender_check" CHECK ("mediation_members"."gender" in ('male','female'))
);
--> statement-breakpoint
CREATE TABLE "mediation_parties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"side" text NOT NULL,
	"person_id" uuid,
	"name" text NOT NULL,
	"gender" text,
	"birth_date" date,
	"ethnicity" text DEFAULT '' NOT NULL,
	"occupation" text DEFAULT '' NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"id_enc" text,
	"id_masked" text,
	"phone_enc" text,
	"phone_masked" text,
	"representative" text DEFAULT '' NOT NULL,
	"representative_role" text DEFAULT '' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "mediation_parties_side_check" CHECK ("mediation_parties"."side" in ('applicant','respondent','third'))
);
--> statement-breakpoint
CREATE TABLE "mediation_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"attendees" text NOT NULL,
	"record" text NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "mediation_steps_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"action" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"level" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "mediation_sweeps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"committee_id" uuid NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"held_on" date NOT NULL,
	"participants" text DEFAULT '' NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mediation_assignments" ADD CONSTRAINT "mediation_assignments_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_assignments" ADD CONSTRAINT "mediation_assignments_member_id_mediation_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."mediation_members"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_cases" ADD CONSTRAINT "mediation_cases_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_cases" ADD CONSTRAINT "mediation_cases_committee_id_mediation_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."mediation_committees"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_cases" ADD CONSTRAINT "mediation_cases_sweep_id_mediation_sweeps_id_fk" FOREIGN KEY ("sweep_id") REFERENCES "public"."mediation_sweeps"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_cases" ADD CONSTRAINT "mediation_cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_committees" ADD CONSTRAINT "mediation_committees_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_documents" ADD CONSTRAINT "mediation_documents_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_documents" ADD CONSTRAINT "mediation_documents_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_followups" ADD CONSTRAINT "mediation_followups_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_members" ADD CONSTRAINT "mediation_members_committee_id_mediation_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."mediation_committees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_members" ADD CONSTRAINT "mediation_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_members" ADD CONSTRAINT "mediation_members_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_parties" ADD CONSTRAINT "mediation_parties_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_parties" ADD CONSTRAINT "mediation_parties_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_sessions" ADD CONSTRAINT "mediation_sessions_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_steps" ADD CONSTRAINT "mediation_steps_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_steps" ADD CONSTRAINT "mediation_steps_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_sweeps" ADD CONSTRAINT "mediation_sweeps_committee_id_mediation_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."mediation_committees"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_sweeps" ADD CONSTRAINT "mediation_sweeps_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_sweeps" ADD CONSTRAINT "mediation_sweeps_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_assignments_key" ON "mediation_assignments" USING btree ("case_id","member_id");--> statement-breakpoint
CREATE INDEX "mediation_assignments_member_idx" ON "mediation_assignments" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_cases_no_key" ON "mediation_cases" USING btree ("no");--> statement-breakpoint
CREATE INDEX "mediation_cases_path_idx" ON "mediation_cases" USING btree ("place_path" text_pattern_ops,"created_at");--> statement-breakpoint
CREATE INDEX "mediation_cases_risk_idx" ON "mediation_cases" USING btree ("place_path" text_pattern_ops) WHERE "mediation_cases"."risk_flag" and "mediation_cases"."status" in ('intake','mediating');--> statement-breakpoint
CREATE INDEX "mediation_cases_event_idx" ON "mediation_cases" USING btree ("event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_committees_place_key" ON "mediation_committees" USING btree ("place_id");--> statement-breakpoint
CREATE INDEX "mediation_committees_path_idx" ON "mediation_committees" USING btree ("place_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "mediation_documents_case_idx" ON "mediation_documents" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_documents_file_key" ON "mediation_documents" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "mediation_followups_case_idx" ON "mediation_followups" USING btree ("case_id","due_on");--> statement-breakpoint
CREATE INDEX "mediation_followups_due_idx" ON "mediation_followups" USING btree ("due_on") WHERE "mediation_followups"."done_at" is null;--> statement-breakpoint
CREATE INDEX "mediation_members_committee_idx" ON "mediation_members" USING btree ("committee_id","sort_order");--> statement-breakpoint
CREATE INDEX "mediation_members_user_idx" ON "mediation_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "mediation_parties_case_idx" ON "mediation_parties" USING btree ("case_id","sort_order");--> statement-breakpoint
CREATE INDEX "mediation_parties_person_idx" ON "mediation_parties" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "mediation_sessions_case_idx" ON "mediation_sessions" USING btree ("case_id","held_at");--> statement-breakpoint
CREATE INDEX "mediation_steps_case_idx" ON "mediation_steps" USING btree ("case_id","seq");--> statement-breakpoint
CREATE INDEX "mediation_sweeps_path_idx" ON "mediation_sweeps" USING btree ("place_path" text_pattern_ops,"held_on");