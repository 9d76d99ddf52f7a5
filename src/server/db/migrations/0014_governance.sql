CREATE TABLE "gov_ballots" (
	"vote_id" uuid NOT NULL,
	"house_id" uuid NOT NULL,
	"voter_person_id" uuid,
	"voter_name" text NOT NULL,
	"channel" text NOT NULL,
	"choice" text,
	"candidate_ids" uuid[],
	"scan_file_id" uuid,
	"entered_by" uuid,
	"entered_by_name" text,
	"cast_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gov_ballots_pkey" PRIMARY KEY("vote_id","house_id"),
	CONSTRAINT "gov_ballots_channel_check" CHECK ("gov_ballots"."channel" in ('online','paper')),
	CONSTRAINT "gov_ballots_choice_check" CHECK ("gov_ballots"."choice" is null or "gov_ballots"."choice" in ('yes','no','abstain')),
	CONSTRAINT "gov_ballots_paper_check" CHECK ("gov_ballots"."channel" <> 'paper' or "gov_ballots"."scan_file_id" is not null),
	CONSTRAINT "gov_ballots_shape_check" CHECK (("gov_ballots"."choice" is null) <> ("gov_ballots"."candidate_ids" is null))
);
--> statement-breakpoint
CREATE TABLE "gov_candidates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vote_id" uuid NOT NULL,
	"person_id" uuid,
	"name" text NOT NULL,
	"intro" text DEFAULT '' NOT NULL,
	"seq" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gov_committee_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"committee_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"person_id" uuid,
	"user_id" uuid,
	"name" text NOT NULL,
	"post" text NOT NULL,
	"term_start" date NOT NULL,
	"term_end" date NOT NULL,
	"duties" text DEFAULT '' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gov_committee_members_post_check" CHECK ("gov_committee_members"."post" in ('director','deputy','member')),
	CONSTRAINT "gov_committee_members_term_check" CHECK ("gov_committee_members"."term_end" >= "gov_committee_members"."term_start")
);
--> statement-breakpoint
CREATE TABLE "gov_committees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"estate_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"name" text NOT NULL,
	"term_start" date NOT NULL,
	"term_end" date NOT NULL,
	"elected_by_vote_id" uuid,
	"note" text DEFAULT '' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gov_committees_term_check" CHECK ("gov_committees"."term_end" >= "gov_committees"."term_start")
);
--> statement-breakpoint
CREATE TABLE "gov_electorate" (
	"vote_id" uuid NOT NULL,
	"house_id" uuid NOT NULL,
	"address" text NOT NULL,
	"building_id" uuid,
	"area_cents" bigint NOT NULL,
	"owner_ids" uuid[] NOT NULL,
	"owner_names" text[] NOT NULL,
	"head_key" text NOT NULL,
	"voter_person_id" uuid,
	"voter_name" text,
	"voter_basis" text DEFAULT 'default' NOT NULL,
	CONSTRAINT "gov_electorate_vote_id_house_id_pk" PRIMARY KEY("vote_id","house_id"),
	CONSTRAINT "gov_electorate_area_check" CHECK ("gov_electorate"."area_cents" >= 0),
	CONSTRAINT "gov_electorate_basis_check" CHECK ("gov_electorate"."voter_basis" in ('default','designated'))
);
--> statement-breakpoint
CREATE TABLE "gov_list_versions" (
	"list_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"items" jsonb NOT NULL,
	"change_note" text DEFAULT '' NOT NULL,
	"changed_on" date NOT NULL,
	"changed_by" uuid,
	"changed_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gov_list_versions_list_id_version_pk" PRIMARY KEY("list_id","version")
);
--> statement-breakpoint
CREATE TABLE "gov_lists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"estate_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gov_lists_kind_check" CHECK ("gov_lists"."kind" in ('party','committee','property','social','property_service'))
);
--> statement-breakpoint
CREATE TABLE "gov_meeting_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"seq" integer NOT NULL,
	"content" text NOT NULL,
	"task_id" uuid,
	CONSTRAINT "gov_meeting_items_kind_check" CHECK ("gov_meeting_items"."kind" in ('agenda','decision'))
);
--> statement-breakpoint
CREATE TABLE "gov_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"estate_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"host" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"invitees" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attendance" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"minutes" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gov_meetings_kind_check" CHECK ("gov_meetings"."kind" in ('monthly','joint','coordination','quarterly','assembly','building')),
	CONSTRAINT "gov_meetings_status_check" CHECK ("gov_meetings"."status" in ('planned','held','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "gov_owner_accounts" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"verified_by" uuid,
	"verified_by_name" text NOT NULL,
	"verified_at" timestamp with time zone NOT NULL,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gov_property_companies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"estate_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"name" text NOT NULL,
	"contact_name" text DEFAULT '' NOT NULL,
	"contact_phone" text DEFAULT '' NOT NULL,
	"contract_start" date NOT NULL,
	"contract_end" date NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gov_property_companies_term_check" CHECK ("gov_property_companies"."contract_end" >= "gov_property_companies"."contract_start")
);
--> statement-breakpoint
CREATE TABLE "gov_result_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vote_id" uuid NOT NULL,
	"estate_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"notice_id" uuid,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" uuid,
	"published_by_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gov_rule_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" text NOT NULL,
	"change_note" text DEFAULT '' NOT NULL,
	"effective_on" date NOT NULL,
	"adopted_by_vote_id" uuid,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gov_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"estate_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gov_rules_kind_check" CHECK ("gov_rules"."kind" in ('management_rules','assembly_rules','committee_charter'))
);
--> statement-breakpoint
CREATE TABLE "gov_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"estate_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"meeting_id" uuid NOT NULL,
	"title" text NOT NULL,
	"owner_name" text NOT NULL,
	"owner_user_id" uuid,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"done_on" date,
	"done_note" text DEFAULT '' NOT NULL,
	"done_by_name" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gov_tasks_status_check" CHECK ("gov_tasks"."status" in ('open','done')),
	CONSTRAINT "gov_tasks_done_check" CHECK (("gov_tasks"."status" = 'done') = ("gov_tasks"."done_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "gov_votes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"estate_id" uuid NOT NULL,
	"place_path" text NOT NULL,
	"kind" text NOT NULL,
	"matter" text NOT NULL,
	"rule" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"post" text,
	"seats" integer,
	"status" text DEFAULT 'draft' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"total_area_cents" bigint,
	"total_heads" integer,
	"total_houses" integer,
	"result" jsonb,
	"passed" boolean,
	"created_by" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gov_votes_kind_check" CHECK ("gov_votes"."kind" in ('matter','election')),
	CONSTRAINT "gov_votes_rule_check" CHECK ("gov_votes"."rule" in ('majority','supermajority')),
	CONSTRAINT "gov_votes_status_check" CHECK ("gov_votes"."status" in ('draft','open','closed','published')),
	CONSTRAINT "gov_votes_window_check" CHECK ("gov_votes"."ends_at" > "gov_votes"."starts_at"),
	CONSTRAINT "gov_votes_election_check" CHECK (("gov_votes"."kind" = 'election') = ("gov_votes"."seats" is not null and "gov_votes"."post" is not null)),
	CONSTRAINT "gov_votes_seats_check" CHECK ("gov_votes"."seats" is null or "gov_votes"."seats" between 1 and 99)
);
--> statement-breakpoint
ALTER TABLE "gov_ballots" ADD CONSTRAINT "gov_ballots_voter_person_id_people_id_fk" FOREIGN KEY ("voter_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_ballots" ADD CONSTRAINT "gov_ballots_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_ballots" ADD CONSTRAINT "gov_ballots_electorate_fk" FOREIGN KEY ("vote_id","house_id") REFERENCES "public"."gov_electorate"("vote_id","house_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_candidates" ADD CONSTRAINT "gov_candidates_vote_id_gov_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."gov_votes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_candidates" ADD CONSTRAINT "gov_candidates_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_committee_members" ADD CONSTRAINT "gov_committee_members_committee_id_gov_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."gov_committees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_committee_members" ADD CONSTRAINT "gov_committee_members_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_committee_members" ADD CONSTRAINT "gov_committee_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_committees" ADD CONSTRAINT "gov_committees_estate_id_places_id_fk" FOREIGN KEY ("estate_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_electorate" ADD CONSTRAINT "gov_electorate_vote_id_gov_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."gov_votes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_electorate" ADD CONSTRAINT "gov_electorate_house_id_houses_id_fk" FOREIGN KEY ("house_id") REFERENCES "public"."houses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_electorate" ADD CONSTRAINT "gov_electorate_voter_person_id_people_id_fk" FOREIGN KEY ("voter_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_list_versions" ADD CONSTRAINT "gov_list_versions_list_id_gov_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."gov_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_list_versions" ADD CONSTRAINT "gov_list_versions_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_lists" ADD CONSTRAINT "gov_lists_estate_id_places_id_fk" FOREIGN KEY ("estate_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_meeting_items" ADD CONSTRAINT "gov_meeting_items_meeting_id_gov_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."gov_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_meeting_items" ADD CONSTRAINT "gov_meeting_items_task_id_gov_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."gov_tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_meetings" ADD CONSTRAINT "gov_meetings_estate_id_places_id_fk" FOREIGN KEY ("estate_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_meetings" ADD CONSTRAINT "gov_meetings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_owner_accounts" ADD CONSTRAINT "gov_owner_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_owner_accounts" ADD CONSTRAINT "gov_owner_accounts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_owner_accounts" ADD CONSTRAINT "gov_owner_accounts_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_property_companies" ADD CONSTRAINT "gov_property_companies_estate_id_places_id_fk" FOREIGN KEY ("estate_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_result_notices" ADD CONSTRAINT "gov_result_notices_vote_id_gov_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."gov_votes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_result_notices" ADD CONSTRAINT "gov_result_notices_estate_id_places_id_fk" FOREIGN KEY ("estate_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_result_notices" ADD CONSTRAINT "gov_result_notices_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_rule_versions" ADD CONSTRAINT "gov_rule_versions_rule_id_gov_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."gov_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_rule_versions" ADD CONSTRAINT "gov_rule_versions_adopted_by_vote_id_gov_votes_id_fk" FOREIGN KEY ("adopted_by_vote_id") REFERENCES "public"."gov_votes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_rule_versions" ADD CONSTRAINT "gov_rule_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_rules" ADD CONSTRAINT "gov_rules_estate_id_places_id_fk" FOREIGN KEY ("estate_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_tasks" ADD CONSTRAINT "gov_tasks_estate_id_places_id_fk" FOREIGN KEY ("estate_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_tasks" ADD CONSTRAINT "gov_tasks_meeting_id_gov_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."gov_meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_tasks" ADD CONSTRAINT "gov_tasks_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_votes" ADD CONSTRAINT "gov_votes_estate_id_places_id_fk" FOREIGN KEY ("estate_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_votes" ADD CONSTRAINT "gov_votes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "gov_candidates_seq_key" ON "gov_candidates" USING btree ("vote_id","seq");--> statement-breakpoint
CREATE INDEX "gov_committee_members_committee_idx" ON "gov_committee_members" USING btree ("committee_id","sort_order");--> statement-breakpoint
CREATE INDEX "gov_committees_path_idx" ON "gov_committees" USING btree ("place_path" text_pattern_ops,"term_start");--> statement-breakpoint
CREATE INDEX "gov_electorate_voter_idx" ON "gov_electorate" USING btree ("voter_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "gov_lists_estate_kind_key" ON "gov_lists" USING btree ("estate_id","kind");--> statement-breakpoint
CREATE INDEX "gov_lists_path_idx" ON "gov_lists" USING btree ("place_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "gov_meeting_items_seq_key" ON "gov_meeting_items" USING btree ("meeting_id","kind","seq");--> statement-breakpoint
CREATE INDEX "gov_meetings_path_idx" ON "gov_meetings" USING btree ("place_path" text_pattern_ops,"held_at");--> statement-breakpoint
CREATE UNIQUE INDEX "gov_owner_accounts_person_key" ON "gov_owner_accounts" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "gov_property_companies_path_idx" ON "gov_property_companies" USING btree ("place_path" text_pattern_ops,"contract_start");--> statement-breakpoint
CREATE UNIQUE INDEX "gov_result_notices_vote_key" ON "gov_result_notices" USING btree ("vote_id");--> statement-breakpoint
CREATE INDEX "gov_result_notices_estate_idx" ON "gov_result_notices" USING btree ("estate_id","published_at");--> statement-breakpoint
CREATE UNIQUE INDEX "gov_rule_versions_key" ON "gov_rule_versions" USING btree ("rule_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "gov_rules_estate_kind_key" ON "gov_rules" USING btree ("estate_id","kind");--> statement-breakpoint
CREATE INDEX "gov_rules_path_idx" ON "gov_rules" USING btree ("place_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "gov_tasks_path_idx" ON "gov_tasks" USING btree ("place_path" text_pattern_ops,"due_on");--> statement-breakpoint
CREATE INDEX "gov_tasks_open_idx" ON "gov_tasks" USING btree ("estate_id","due_on") WHERE "gov_tasks"."status" = 'open';--> statement-breakpoint
CREATE INDEX "gov_tasks_meeting_idx" ON "gov_tasks" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "gov_votes_path_idx" ON "gov_votes" USING btree ("place_path" text_pattern_ops,"starts_at");