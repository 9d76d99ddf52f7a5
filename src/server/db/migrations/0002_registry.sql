CREATE TABLE "case_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"visited_on" date NOT NULL,
	"visitor_id" uuid,
	"visitor_name" text NOT NULL,
	"findings" text NOT NULL,
	"help" text DEFAULT '' NOT NULL,
	"place_path" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"person_id" uuid NOT NULL,
	"group" text NOT NULL,
	"attention" text,
	"level" integer,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"responsible_id" uuid,
	"responsible_name" text DEFAULT '' NOT NULL,
	"plan" text DEFAULT '' NOT NULL,
	"visit_every_days" integer NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"end_reason" text DEFAULT '' NOT NULL,
	"last_visit_on" date,
	"next_visit_due" date NOT NULL,
	"place_path" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_cases_kind_check" CHECK ("group_cases"."kind" in ('special','care')),
	CONSTRAINT "group_cases_level_check" CHECK ("group_cases"."level" is null or "group_cases"."level" between 1 and 3)
);
--> statement-breakpoint
CREATE TABLE "house_owners" (
	"house_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"share" numeric(5, 2) DEFAULT '100' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "house_owners_house_id_person_id_pk" PRIMARY KEY("house_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "houses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"floor" integer NOT NULL,
	"number" text NOT NULL,
	"address_key" text NOT NULL,
	"area" numeric(10, 2),
	"use" text DEFAULT 'self' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "houses_use_check" CHECK ("houses"."use" in ('self','rent','vacant','commercial','other'))
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"name_grams" text[] NOT NULL,
	"name_pinyin" text NOT NULL,
	"name_initials" text NOT NULL,
	"gender" text,
	"birth_date" date,
	"id_type" text DEFAULT 'resident_id' NOT NULL,
	"id_enc" text,
	"id_index" text,
	"id_masked" text,
	"phone_enc" text,
	"phone_masked" text,
	"pii_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"ethnicity" text DEFAULT '' NOT NULL,
	"hukou_address" text DEFAULT '' NOT NULL,
	"population_type" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"house_id" uuid,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "people_population_type_check" CHECK ("people"."population_type" in ('registered','floating','overseas','left_behind')),
	CONSTRAINT "people_gender_check" CHECK ("people"."gender" is null or "people"."gender" in ('male','female'))
);
--> statement-breakpoint
CREATE TABLE "registry_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"mode" text NOT NULL,
	"place_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"file_name" text NOT NULL,
	"status" text NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"rows_total" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"report" "bytea",
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "residencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"house_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"move_in" date,
	"move_out" date,
	"place_path" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenancies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"house_id" uuid NOT NULL,
	"landlord_id" uuid,
	"landlord_name" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"ended_on" date,
	"purpose" text DEFAULT 'living' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"registered_by" uuid,
	"registered_by_name" text NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"place_path" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenancies_dates_check" CHECK ("tenancies"."end_date" >= "tenancies"."start_date")
);
--> statement-breakpoint
CREATE TABLE "tenancy_tenants" (
	"tenancy_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "tenancy_tenants_tenancy_id_person_id_pk" PRIMARY KEY("tenancy_id","person_id")
);
--> statement-breakpoint
ALTER TABLE "case_visits" ADD CONSTRAINT "case_visits_case_id_group_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."group_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_visits" ADD CONSTRAINT "case_visits_visitor_id_users_id_fk" FOREIGN KEY ("visitor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_cases" ADD CONSTRAINT "group_cases_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_cases" ADD CONSTRAINT "group_cases_responsible_id_users_id_fk" FOREIGN KEY ("responsible_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "house_owners" ADD CONSTRAINT "house_owners_house_id_houses_id_fk" FOREIGN KEY ("house_id") REFERENCES "public"."houses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "house_owners" ADD CONSTRAINT "house_owners_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "houses" ADD CONSTRAINT "houses_unit_id_places_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_house_id_houses_id_fk" FOREIGN KEY ("house_id") REFERENCES "public"."houses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_imports" ADD CONSTRAINT "registry_imports_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_imports" ADD CONSTRAINT "registry_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residencies" ADD CONSTRAINT "residencies_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residencies" ADD CONSTRAINT "residencies_house_id_houses_id_fk" FOREIGN KEY ("house_id") REFERENCES "public"."houses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenancies" ADD CONSTRAINT "tenancies_house_id_houses_id_fk" FOREIGN KEY ("house_id") REFERENCES "public"."houses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenancies" ADD CONSTRAINT "tenancies_landlord_id_people_id_fk" FOREIGN KEY ("landlord_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenancies" ADD CONSTRAINT "tenancies_registered_by_users_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenancy_tenants" ADD CONSTRAINT "tenancy_tenants_tenancy_id_tenancies_id_fk" FOREIGN KEY ("tenancy_id") REFERENCES "public"."tenancies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenancy_tenants" ADD CONSTRAINT "tenancy_tenants_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_visits_case_idx" ON "case_visits" USING btree ("case_id","visited_on");--> statement-breakpoint
CREATE INDEX "group_cases_person_idx" ON "group_cases" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "group_cases_scope_idx" ON "group_cases" USING btree ("kind","place_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "group_cases_due_idx" ON "group_cases" USING btree ("kind","next_visit_due") WHERE "group_cases"."ended_on" is null;--> statement-breakpoint
CREATE INDEX "house_owners_person_idx" ON "house_owners" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "houses_unit_number_key" ON "houses" USING btree ("unit_id","number");--> statement-breakpoint
CREATE INDEX "houses_place_path_idx" ON "houses" USING btree ("place_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "houses_address_key_idx" ON "houses" USING btree ("address_key" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "houses_tags_idx" ON "houses" USING gin ("tags");--> statement-breakpoint
CREATE UNIQUE INDEX "people_id_index_key" ON "people" USING btree ("id_index");--> statement-breakpoint
CREATE INDEX "people_name_grams_idx" ON "people" USING gin ("name_grams");--> statement-breakpoint
CREATE INDEX "people_name_pinyin_idx" ON "people" USING btree ("name_pinyin" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "people_name_initials_idx" ON "people" USING btree ("name_initials" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "people_pii_keys_idx" ON "people" USING gin ("pii_keys");--> statement-breakpoint
CREATE INDEX "people_tags_idx" ON "people" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "people_place_path_idx" ON "people" USING btree ("place_path" text_pattern_ops,"name_pinyin");--> statement-breakpoint
CREATE INDEX "people_house_idx" ON "people" USING btree ("house_id");--> statement-breakpoint
CREATE INDEX "registry_imports_scope_idx" ON "registry_imports" USING btree ("place_path" text_pattern_ops,"created_at");--> statement-breakpoint
CREATE INDEX "residencies_house_idx" ON "residencies" USING btree ("house_id");--> statement-breakpoint
CREATE INDEX "residencies_person_idx" ON "residencies" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "residencies_current_key" ON "residencies" USING btree ("person_id","house_id") WHERE "residencies"."move_out" is null;--> statement-breakpoint
CREATE INDEX "tenancies_house_idx" ON "tenancies" USING btree ("house_id");--> statement-breakpoint
CREATE INDEX "tenancies_place_path_idx" ON "tenancies" USING btree ("place_path" text_pattern_ops,"end_date");--> statement-breakpoint
CREATE INDEX "tenancy_tenants_person_idx" ON "tenancy_tenants" USING btree ("person_id");