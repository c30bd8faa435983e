CREATE TABLE "course_event" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"detail" jsonb NOT NULL,
	"reason" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "course_event_kind_known" CHECK ("course_event"."kind" in ('reassessed', 'phase_changed', 'step_changed', 'completed', 'discontinued'))
);
--> statement-breakpoint
CREATE TABLE "treatment_course" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"protocol_id" uuid NOT NULL,
	"route" text NOT NULL,
	"diagnosis_code" text NOT NULL,
	"planned_induction_sessions" integer NOT NULL,
	"induction_within_days" integer NOT NULL,
	"starting_step_index" integer NOT NULL,
	"goal" text NOT NULL,
	"planned_by" uuid NOT NULL,
	"planned_at" timestamp with time zone NOT NULL,
	CONSTRAINT "treatment_course_route_known" CHECK ("treatment_course"."route" in ('iv', 'im', 'intranasal', 'oral'))
);
--> statement-breakpoint
CREATE TABLE "medication_order" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"appointment_id" uuid,
	"protocol_id" uuid NOT NULL,
	"route" text NOT NULL,
	"drug" text NOT NULL,
	"step_index" integer NOT NULL,
	"dose" jsonb NOT NULL,
	"calculated_dose_mcg" integer NOT NULL,
	"weight_grams" integer,
	"calculation" jsonb NOT NULL,
	"max_dose_mcg" integer NOT NULL,
	"instructions" text NOT NULL,
	"eligibility_decision_id" uuid NOT NULL,
	"consent_signature_id" uuid NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"supersedes_order_id" uuid,
	"signed_by" uuid NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "medication_order_kind_known" CHECK ("medication_order"."kind" in ('standing', 'session')),
	CONSTRAINT "medication_order_session_has_appointment" CHECK (("medication_order"."kind" = 'session') = ("medication_order"."appointment_id" is not null)),
	CONSTRAINT "medication_order_valid_window" CHECK ("medication_order"."valid_until" > "medication_order"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "order_change_request" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"request" text NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"resolution" text,
	"resolution_note" text,
	"new_order_id" uuid,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "order_change_request_resolution_known" CHECK ("order_change_request"."resolution" is null or "order_change_request"."resolution" in ('changed', 'declined'))
);
--> statement-breakpoint
CREATE TABLE "order_discontinuation" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"discontinued_by" uuid NOT NULL,
	"discontinued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "protocol" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"route" text NOT NULL,
	"definition" jsonb NOT NULL,
	"active" boolean NOT NULL,
	"reason" text NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone NOT NULL,
	CONSTRAINT "protocol_route_known" CHECK ("protocol"."route" in ('iv', 'im', 'intranasal', 'oral'))
);
--> statement-breakpoint
CREATE TABLE "contact_preference" (
	"patient_id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"email" boolean NOT NULL,
	"sms" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patient_message" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"appointment_id" uuid,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"send_after" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "patient_message_channel_known" CHECK ("patient_message"."channel" in ('email', 'sms')),
	CONSTRAINT "patient_message_status_known" CHECK ("patient_message"."status" in ('pending', 'delivered', 'failed', 'cancelled', 'captured'))
);
--> statement-breakpoint
CREATE TABLE "appointment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"chair_id" uuid NOT NULL,
	"route" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"note" text,
	"rescheduled_from_id" uuid,
	"booked_by" uuid,
	"booked_at" timestamp with time zone NOT NULL,
	"status_reason" text,
	"status_changed_by" uuid,
	"status_changed_at" timestamp with time zone,
	CONSTRAINT "appointment_order" CHECK ("appointment"."starts_at" < "appointment"."ends_at"),
	CONSTRAINT "appointment_status_known" CHECK ("appointment"."status" in ('booked', 'attended', 'cancelled', 'no_show', 'rescheduled')),
	CONSTRAINT "appointment_requested_by_known" CHECK ("appointment"."requested_by" in ('clinic', 'patient'))
);
--> statement-breakpoint
CREATE TABLE "calendar_feed" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"staff_id" uuid,
	"patient_id" uuid,
	"token_hash" text NOT NULL,
	"show_details" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "calendar_feed_one_owner" CHECK (("calendar_feed"."staff_id" is null) <> ("calendar_feed"."patient_id" is null))
);
--> statement-breakpoint
CREATE TABLE "chair" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"name" text NOT NULL,
	"routes" text[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "clinic_hours" (
	"clinic_id" uuid NOT NULL,
	"weekday" integer NOT NULL,
	"opens_at" text NOT NULL,
	"closes_at" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "clinic_hours_clinic_id_weekday_pk" PRIMARY KEY("clinic_id","weekday"),
	CONSTRAINT "clinic_hours_weekday" CHECK ("clinic_hours"."weekday" between 1 and 7),
	CONSTRAINT "clinic_hours_order" CHECK ("clinic_hours"."opens_at" < "clinic_hours"."closes_at")
);
--> statement-breakpoint
CREATE TABLE "escort_confirmation" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"escort_name" text NOT NULL,
	"escort_phone" text NOT NULL,
	"relationship" text,
	"ride_confirmed" boolean NOT NULL,
	"confirmed_via" text NOT NULL,
	"recorded_by_staff" uuid,
	"confirmed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_shift" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"role" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "staff_shift_order" CHECK ("staff_shift"."starts_at" < "staff_shift"."ends_at")
);
--> statement-breakpoint
CREATE TABLE "waitlist_entry" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"earliest_date" text NOT NULL,
	"latest_date" text NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"appointment_id" uuid,
	"closed_at" timestamp with time zone,
	"closed_reason" text
);
--> statement-breakpoint
ALTER TABLE "course_event" ADD CONSTRAINT "course_event_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_event" ADD CONSTRAINT "course_event_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_event" ADD CONSTRAINT "course_event_course_id_treatment_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."treatment_course"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_event" ADD CONSTRAINT "course_event_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_course" ADD CONSTRAINT "treatment_course_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_course" ADD CONSTRAINT "treatment_course_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_course" ADD CONSTRAINT "treatment_course_protocol_id_protocol_id_fk" FOREIGN KEY ("protocol_id") REFERENCES "public"."protocol"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_course" ADD CONSTRAINT "treatment_course_planned_by_staff_id_fk" FOREIGN KEY ("planned_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_order" ADD CONSTRAINT "medication_order_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_order" ADD CONSTRAINT "medication_order_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_order" ADD CONSTRAINT "medication_order_course_id_treatment_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."treatment_course"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_order" ADD CONSTRAINT "medication_order_appointment_id_appointment_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_order" ADD CONSTRAINT "medication_order_protocol_id_protocol_id_fk" FOREIGN KEY ("protocol_id") REFERENCES "public"."protocol"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_order" ADD CONSTRAINT "medication_order_signed_by_staff_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_change_request" ADD CONSTRAINT "order_change_request_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_change_request" ADD CONSTRAINT "order_change_request_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_change_request" ADD CONSTRAINT "order_change_request_order_id_medication_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."medication_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_change_request" ADD CONSTRAINT "order_change_request_requested_by_staff_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_change_request" ADD CONSTRAINT "order_change_request_new_order_id_medication_order_id_fk" FOREIGN KEY ("new_order_id") REFERENCES "public"."medication_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_change_request" ADD CONSTRAINT "order_change_request_resolved_by_staff_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_discontinuation" ADD CONSTRAINT "order_discontinuation_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_discontinuation" ADD CONSTRAINT "order_discontinuation_order_id_medication_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."medication_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_discontinuation" ADD CONSTRAINT "order_discontinuation_discontinued_by_staff_id_fk" FOREIGN KEY ("discontinued_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protocol" ADD CONSTRAINT "protocol_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protocol" ADD CONSTRAINT "protocol_published_by_staff_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_preference" ADD CONSTRAINT "contact_preference_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_preference" ADD CONSTRAINT "contact_preference_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_message" ADD CONSTRAINT "patient_message_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_message" ADD CONSTRAINT "patient_message_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_message" ADD CONSTRAINT "patient_message_appointment_id_appointment_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_course_id_treatment_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."treatment_course"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_chair_id_chair_id_fk" FOREIGN KEY ("chair_id") REFERENCES "public"."chair"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_booked_by_staff_id_fk" FOREIGN KEY ("booked_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_status_changed_by_staff_id_fk" FOREIGN KEY ("status_changed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feed" ADD CONSTRAINT "calendar_feed_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feed" ADD CONSTRAINT "calendar_feed_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feed" ADD CONSTRAINT "calendar_feed_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chair" ADD CONSTRAINT "chair_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinic_hours" ADD CONSTRAINT "clinic_hours_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinic_hours" ADD CONSTRAINT "clinic_hours_updated_by_staff_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escort_confirmation" ADD CONSTRAINT "escort_confirmation_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escort_confirmation" ADD CONSTRAINT "escort_confirmation_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escort_confirmation" ADD CONSTRAINT "escort_confirmation_appointment_id_appointment_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escort_confirmation" ADD CONSTRAINT "escort_confirmation_recorded_by_staff_staff_id_fk" FOREIGN KEY ("recorded_by_staff") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_shift" ADD CONSTRAINT "staff_shift_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_shift" ADD CONSTRAINT "staff_shift_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_shift" ADD CONSTRAINT "staff_shift_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entry" ADD CONSTRAINT "waitlist_entry_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entry" ADD CONSTRAINT "waitlist_entry_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entry" ADD CONSTRAINT "waitlist_entry_course_id_treatment_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."treatment_course"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entry" ADD CONSTRAINT "waitlist_entry_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entry" ADD CONSTRAINT "waitlist_entry_appointment_id_appointment_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "course_event_course_idx" ON "course_event" USING btree ("course_id","recorded_at");--> statement-breakpoint
CREATE INDEX "treatment_course_patient_idx" ON "treatment_course" USING btree ("clinic_id","patient_id");--> statement-breakpoint
CREATE INDEX "medication_order_patient_idx" ON "medication_order" USING btree ("clinic_id","patient_id","signed_at");--> statement-breakpoint
CREATE INDEX "medication_order_course_idx" ON "medication_order" USING btree ("course_id");--> statement-breakpoint
CREATE UNIQUE INDEX "medication_order_supersedes_uq" ON "medication_order" USING btree ("supersedes_order_id");--> statement-breakpoint
CREATE INDEX "order_change_request_open_idx" ON "order_change_request" USING btree ("clinic_id","resolved_at");--> statement-breakpoint
CREATE UNIQUE INDEX "order_discontinuation_order_uq" ON "order_discontinuation" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "protocol_version_uq" ON "protocol" USING btree ("clinic_id","key","version");--> statement-breakpoint
CREATE UNIQUE INDEX "patient_message_dedupe_uq" ON "patient_message" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "patient_message_due_idx" ON "patient_message" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "patient_message_patient_idx" ON "patient_message" USING btree ("clinic_id","patient_id","created_at");--> statement-breakpoint
CREATE INDEX "appointment_clinic_time_idx" ON "appointment" USING btree ("clinic_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointment_patient_idx" ON "appointment" USING btree ("clinic_id","patient_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointment_course_idx" ON "appointment" USING btree ("course_id");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feed_token_uq" ON "calendar_feed" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "chair_name_uq" ON "chair" USING btree ("clinic_id",lower("name"));--> statement-breakpoint
CREATE INDEX "escort_confirmation_appointment_idx" ON "escort_confirmation" USING btree ("appointment_id","confirmed_at");--> statement-breakpoint
CREATE INDEX "staff_shift_clinic_idx" ON "staff_shift" USING btree ("clinic_id","starts_at");--> statement-breakpoint
CREATE INDEX "waitlist_entry_open_idx" ON "waitlist_entry" USING btree ("clinic_id","closed_at");