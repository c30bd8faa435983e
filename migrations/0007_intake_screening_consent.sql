CREATE TABLE "consent_document" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"route" text NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body_markdown" text NOT NULL,
	"attestations" jsonb NOT NULL,
	"text_hash" text NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consent_signature" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"document_hash" text NOT NULL,
	"acknowledged" jsonb NOT NULL,
	"typed_name" text NOT NULL,
	"signed_via" text NOT NULL,
	"witness_staff_id" uuid,
	"signed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consent_withdrawal" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"signature_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"recorded_by_staff" uuid,
	"withdrawn_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "allergy" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"intake_submission_id" uuid,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	"replaces_id" uuid,
	"note" text,
	"substance" text NOT NULL,
	"rxnorm" text,
	"reaction" text
);
--> statement-breakpoint
CREATE TABLE "body_measurement" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"intake_submission_id" uuid,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	"replaces_id" uuid,
	"note" text,
	"loinc" text NOT NULL,
	"value" integer NOT NULL,
	"unit" text NOT NULL,
	"effective_at" timestamp with time zone NOT NULL,
	CONSTRAINT "body_measurement_positive_ck" CHECK ("body_measurement"."value" > 0)
);
--> statement-breakpoint
CREATE TABLE "condition" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"intake_submission_id" uuid,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	"replaces_id" uuid,
	"note" text,
	"icd10" text NOT NULL,
	"display" text NOT NULL,
	"category" text NOT NULL,
	"onset" date
);
--> statement-breakpoint
CREATE TABLE "intake_draft" (
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid PRIMARY KEY NOT NULL,
	"content" jsonb NOT NULL,
	"revision" integer NOT NULL,
	"saved_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intake_submission" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"content" jsonb NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "medication_statement" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"intake_submission_id" uuid,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	"replaces_id" uuid,
	"note" text,
	"rxnorm" text,
	"name" text NOT NULL,
	"drug_class" text,
	"dose_text" text,
	"daily_dose_micrograms" integer,
	"started_on" date
);
--> statement-breakpoint
CREATE TABLE "patient_invitation" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid,
	"email" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patient_profile" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"details" jsonb NOT NULL,
	"state" text NOT NULL,
	"recorded_by_staff" uuid,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prior_treatment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"intake_submission_id" uuid,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	"replaces_id" uuid,
	"note" text,
	"kind" text NOT NULL,
	"rxnorm" text,
	"name" text NOT NULL,
	"drug_class" text,
	"dose_text" text,
	"duration_weeks" integer,
	"outcome" text NOT NULL,
	"adequate_dose" text
);
--> statement-breakpoint
CREATE TABLE "eligibility_decision" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"screening_run_id" uuid NOT NULL,
	"route" text NOT NULL,
	"decision" text NOT NULL,
	"rationale" text NOT NULL,
	"overrides" jsonb NOT NULL,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_rule_set" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"reason" text NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_run" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"rule_set_version" integer NOT NULL,
	"input_digest" text NOT NULL,
	"findings" jsonb NOT NULL,
	"trigger" text NOT NULL,
	"ran_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consent_document" ADD CONSTRAINT "consent_document_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_document" ADD CONSTRAINT "consent_document_published_by_staff_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_signature" ADD CONSTRAINT "consent_signature_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_signature" ADD CONSTRAINT "consent_signature_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_signature" ADD CONSTRAINT "consent_signature_document_id_consent_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."consent_document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_signature" ADD CONSTRAINT "consent_signature_witness_staff_id_staff_id_fk" FOREIGN KEY ("witness_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_withdrawal" ADD CONSTRAINT "consent_withdrawal_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_withdrawal" ADD CONSTRAINT "consent_withdrawal_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_withdrawal" ADD CONSTRAINT "consent_withdrawal_signature_id_consent_signature_id_fk" FOREIGN KEY ("signature_id") REFERENCES "public"."consent_signature"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_withdrawal" ADD CONSTRAINT "consent_withdrawal_recorded_by_staff_staff_id_fk" FOREIGN KEY ("recorded_by_staff") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allergy" ADD CONSTRAINT "allergy_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allergy" ADD CONSTRAINT "allergy_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allergy" ADD CONSTRAINT "allergy_intake_submission_id_intake_submission_id_fk" FOREIGN KEY ("intake_submission_id") REFERENCES "public"."intake_submission"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allergy" ADD CONSTRAINT "allergy_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_measurement" ADD CONSTRAINT "body_measurement_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_measurement" ADD CONSTRAINT "body_measurement_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_measurement" ADD CONSTRAINT "body_measurement_intake_submission_id_intake_submission_id_fk" FOREIGN KEY ("intake_submission_id") REFERENCES "public"."intake_submission"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_measurement" ADD CONSTRAINT "body_measurement_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "condition" ADD CONSTRAINT "condition_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "condition" ADD CONSTRAINT "condition_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "condition" ADD CONSTRAINT "condition_intake_submission_id_intake_submission_id_fk" FOREIGN KEY ("intake_submission_id") REFERENCES "public"."intake_submission"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "condition" ADD CONSTRAINT "condition_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_draft" ADD CONSTRAINT "intake_draft_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_draft" ADD CONSTRAINT "intake_draft_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_submission" ADD CONSTRAINT "intake_submission_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_submission" ADD CONSTRAINT "intake_submission_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_submission" ADD CONSTRAINT "intake_submission_reviewed_by_staff_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_statement" ADD CONSTRAINT "medication_statement_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_statement" ADD CONSTRAINT "medication_statement_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_statement" ADD CONSTRAINT "medication_statement_intake_submission_id_intake_submission_id_fk" FOREIGN KEY ("intake_submission_id") REFERENCES "public"."intake_submission"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_statement" ADD CONSTRAINT "medication_statement_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_invitation" ADD CONSTRAINT "patient_invitation_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_invitation" ADD CONSTRAINT "patient_invitation_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_invitation" ADD CONSTRAINT "patient_invitation_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_profile" ADD CONSTRAINT "patient_profile_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_profile" ADD CONSTRAINT "patient_profile_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_profile" ADD CONSTRAINT "patient_profile_recorded_by_staff_staff_id_fk" FOREIGN KEY ("recorded_by_staff") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prior_treatment" ADD CONSTRAINT "prior_treatment_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prior_treatment" ADD CONSTRAINT "prior_treatment_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prior_treatment" ADD CONSTRAINT "prior_treatment_intake_submission_id_intake_submission_id_fk" FOREIGN KEY ("intake_submission_id") REFERENCES "public"."intake_submission"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prior_treatment" ADD CONSTRAINT "prior_treatment_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decision" ADD CONSTRAINT "eligibility_decision_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decision" ADD CONSTRAINT "eligibility_decision_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decision" ADD CONSTRAINT "eligibility_decision_screening_run_id_screening_run_id_fk" FOREIGN KEY ("screening_run_id") REFERENCES "public"."screening_run"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decision" ADD CONSTRAINT "eligibility_decision_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_rule_set" ADD CONSTRAINT "screening_rule_set_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_rule_set" ADD CONSTRAINT "screening_rule_set_changed_by_staff_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_run" ADD CONSTRAINT "screening_run_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_run" ADD CONSTRAINT "screening_run_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "consent_document_version_uq" ON "consent_document" USING btree ("clinic_id","route","version");--> statement-breakpoint
CREATE INDEX "consent_signature_patient_idx" ON "consent_signature" USING btree ("clinic_id","patient_id","signed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "consent_withdrawal_signature_uq" ON "consent_withdrawal" USING btree ("signature_id");--> statement-breakpoint
CREATE INDEX "allergy_patient_idx" ON "allergy" USING btree ("clinic_id","patient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "allergy_replaces_uq" ON "allergy" USING btree ("replaces_id");--> statement-breakpoint
CREATE INDEX "body_measurement_patient_idx" ON "body_measurement" USING btree ("clinic_id","patient_id","loinc","effective_at");--> statement-breakpoint
CREATE UNIQUE INDEX "body_measurement_replaces_uq" ON "body_measurement" USING btree ("replaces_id");--> statement-breakpoint
CREATE INDEX "condition_patient_idx" ON "condition" USING btree ("clinic_id","patient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "condition_replaces_uq" ON "condition" USING btree ("replaces_id");--> statement-breakpoint
CREATE INDEX "intake_draft_clinic_idx" ON "intake_draft" USING btree ("clinic_id");--> statement-breakpoint
CREATE INDEX "intake_submission_patient_idx" ON "intake_submission" USING btree ("clinic_id","patient_id","submitted_at");--> statement-breakpoint
CREATE INDEX "medication_statement_patient_idx" ON "medication_statement" USING btree ("clinic_id","patient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "medication_statement_replaces_uq" ON "medication_statement" USING btree ("replaces_id");--> statement-breakpoint
CREATE UNIQUE INDEX "patient_invitation_token_uq" ON "patient_invitation" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "patient_profile_version_uq" ON "patient_profile" USING btree ("clinic_id","patient_id","version");--> statement-breakpoint
CREATE INDEX "prior_treatment_patient_idx" ON "prior_treatment" USING btree ("clinic_id","patient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "prior_treatment_replaces_uq" ON "prior_treatment" USING btree ("replaces_id");--> statement-breakpoint
CREATE INDEX "eligibility_decision_patient_idx" ON "eligibility_decision" USING btree ("clinic_id","patient_id","route","decided_at");--> statement-breakpoint
CREATE UNIQUE INDEX "screening_rule_set_version_uq" ON "screening_rule_set" USING btree ("clinic_id","version");--> statement-breakpoint
CREATE INDEX "screening_run_patient_idx" ON "screening_run" USING btree ("clinic_id","patient_id","ran_at");