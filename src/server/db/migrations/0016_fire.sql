CREATE TABLE "fire_brigade_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"estate_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"duty" text DEFAULT '队员' NOT NULL,
	"joined_on" date,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fire_checklists" (
	"estate_id" uuid PRIMARY KEY NOT NULL,
	"place_path" text NOT NULL,
	"items" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fire_drills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"estate_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"held_on" date NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"organiser" text NOT NULL,
	"attendance" integer DEFAULT 0 NOT NULL,
	"attendees" text[] DEFAULT '{}'::text[] NOT NULL,
	"plan_id" uuid,
	"summary" text DEFAULT '' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fire_drills_kind_check" CHECK ("fire_drills"."kind" in ('drill','training')),
	CONSTRAINT "fire_drills_attendance_check" CHECK ("fire_drills"."attendance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "fire_equipment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"estate_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"quantity" integer DEFAULT 1 NOT NULL,
	"installed_on" date,
	"expires_on" date,
	"status" text DEFAULT 'normal' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fire_equipment_quantity_check" CHECK ("fire_equipment"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "fire_hazard_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "fire_hazard_steps_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"hazard_id" uuid NOT NULL,
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
CREATE TABLE "fire_hazards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"estate_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"level" text DEFAULT 'general' NOT NULL,
	"source" text NOT NULL,
	"source_event_id" uuid,
	"source_inspection_id" uuid,
	"source_item" text,
	"status" text DEFAULT 'found' NOT NULL,
	"responsible" text,
	"deadline" date,
	"rectify_note" text,
	"recheck_count" integer DEFAULT 0 NOT NULL,
	"escalated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"reporter_id" uuid,
	"reporter_name" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fire_hazards_status_check" CHECK ("fire_hazards"."status" in ('found','rectifying','rechecking','closed'))
);
--> statement-breakpoint
CREATE TABLE "fire_inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"estate_id" uuid NOT NULL,
	"month" text NOT NULL,
	"inspected_at" timestamp with time zone NOT NULL,
	"inspector_id" uuid,
	"inspector_name" text NOT NULL,
	"items" jsonb NOT NULL,
	"failed_count" integer DEFAULT 0 NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fire_plan_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_masked" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fire_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"estate_id" uuid NOT NULL,
	"title" text NOT NULL,
	"content" text DEFAULT '' NOT NULL,
	"revised_on" date,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fire_brigade_members" ADD CONSTRAINT "fire_brigade_members_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_brigade_members" ADD CONSTRAINT "fire_brigade_members_estate_id_places_id_fk" FOREIGN KEY ("estate_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_brigade_members" ADD CONSTRAINT "fire_brigade_members_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_checklists" ADD CONSTRAINT "fire_checklists_estate_id_places_id_fk" FOREIGN KEY ("estate_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_drills" ADD CONSTRAINT "fire_drills_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_drills" ADD CONSTRAINT "fire_drills_estate_id_places_id_fk" FOREIGN KEY ("estate_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_drills" ADD CONSTRAINT "fire_drills_plan_id_fire_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."fire_plans"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_equipment" ADD CONSTRAINT "fire_equipment_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_equipment" ADD CONSTRAINT "fire_equipment_estate_id_places_id_fk" FOREIGN KEY ("estate_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_hazard_steps" ADD CONSTRAINT "fire_hazard_steps_hazard_id_fire_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."fire_hazards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_hazard_steps" ADD CONSTRAINT "fire_hazard_steps_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_hazards" ADD CONSTRAINT "fire_hazards_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_hazards" ADD CONSTRAINT "fire_hazards_estate_id_places_id_fk" FOREIGN KEY ("estate_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_hazards" ADD CONSTRAINT "fire_hazards_source_inspection_id_fire_inspections_id_fk" FOREIGN KEY ("source_inspection_id") REFERENCES "public"."fire_inspections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_hazards" ADD CONSTRAINT "fire_hazards_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_inspections" ADD CONSTRAINT "fire_inspections_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_inspections" ADD CONSTRAINT "fire_inspections_estate_id_places_id_fk" FOREIGN KEY ("estate_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_inspections" ADD CONSTRAINT "fire_inspections_inspector_id_users_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_plan_contacts" ADD CONSTRAINT "fire_plan_contacts_plan_id_fire_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."fire_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_plans" ADD CONSTRAINT "fire_plans_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_plans" ADD CONSTRAINT "fire_plans_estate_id_places_id_fk" FOREIGN KEY ("estate_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fire_brigade_members_key" ON "fire_brigade_members" USING btree ("estate_id","person_id");--> statement-breakpoint
CREATE INDEX "fire_brigade_members_path_idx" ON "fire_brigade_members" USING btree ("place_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "fire_drills_path_idx" ON "fire_drills" USING btree ("place_path" text_pattern_ops,"held_on");--> statement-breakpoint
CREATE INDEX "fire_drills_plan_idx" ON "fire_drills" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "fire_equipment_path_idx" ON "fire_equipment" USING btree ("place_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "fire_equipment_expiry_idx" ON "fire_equipment" USING btree ("expires_on");--> statement-breakpoint
CREATE INDEX "fire_hazard_steps_hazard_idx" ON "fire_hazard_steps" USING btree ("hazard_id","seq");--> statement-breakpoint
CREATE INDEX "fire_hazards_path_idx" ON "fire_hazards" USING btree ("place_path" text_pattern_ops,"created_at");--> statement-breakpoint
CREATE INDEX "fire_hazards_open_deadline_idx" ON "fire_hazards" USING btree ("deadline") WHERE "fire_hazards"."status" = 'rectifying' and "fire_hazards"."escalated_at" is null;--> statement-breakpoint
CREATE INDEX "fire_inspections_path_idx" ON "fire_inspections" USING btree ("place_path" text_pattern_ops,"inspected_at");--> statement-breakpoint
CREATE INDEX "fire_inspections_estate_month_idx" ON "fire_inspections" USING btree ("estate_id","month");--> statement-breakpoint
CREATE INDEX "fire_plan_contacts_plan_idx" ON "fire_plan_contacts" USING btree ("plan_id","sort_order");--> statement-breakpoint
CREATE INDEX "fire_plans_path_idx" ON "fire_plans" USING btree ("place_path" text_pattern_ops);