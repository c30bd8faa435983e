CREATE TABLE "cs_registration" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"number" text NOT NULL,
	"state" text NOT NULL,
	"schedules" text[] NOT NULL,
	"expires_on" date NOT NULL,
	"supersedes_id" uuid,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cs_registration_kind_known" CHECK ("cs_registration"."kind" in ('dea', 'state')),
	CONSTRAINT "cs_registration_state_code" CHECK ("cs_registration"."state" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
CREATE TABLE "discrepancy" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"source" text NOT NULL,
	"location_id" uuid,
	"lot_id" uuid,
	"appointment_id" uuid,
	"count_id" uuid,
	"expected_mcg" bigint NOT NULL,
	"observed_mcg" bigint NOT NULL,
	"difference_mcg" bigint NOT NULL,
	"expected_quantity" bigint,
	"observed_quantity" bigint,
	"difference_quantity" bigint,
	"note" text,
	"opened_by" uuid NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	CONSTRAINT "discrepancy_source_known" CHECK ("discrepancy"."source" in ('count', 'administration', 'other')),
	CONSTRAINT "discrepancy_difference" CHECK ("discrepancy"."difference_mcg" = "discrepancy"."observed_mcg" - "discrepancy"."expected_mcg")
);
--> statement-breakpoint
CREATE TABLE "discrepancy_resolution" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"discrepancy_id" uuid NOT NULL,
	"explanation" text NOT NULL,
	"adjustment_entry_id" uuid,
	"resolved_by" uuid NOT NULL,
	"resolved_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entry" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"lot_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"quantity" bigint NOT NULL,
	"quantity_mcg" bigint NOT NULL,
	"balance_change" bigint NOT NULL,
	"containers" integer,
	"patient_id" uuid,
	"appointment_id" uuid,
	"order_id" uuid,
	"supplier_name" text,
	"supplier_address" text,
	"supplier_dea_number" text,
	"invoice_number" text,
	"reason" text,
	"method" text,
	"witness_staff_id" uuid,
	"details" jsonb,
	"reverses_entry_id" uuid,
	"transfer_out_id" uuid,
	"discrepancy_id" uuid,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ledger_entry_kind_shape" CHECK (("ledger_entry"."kind" in ('receive', 'transfer_in') and "ledger_entry"."quantity" > 0 and "ledger_entry"."balance_change" = "ledger_entry"."quantity")
        or ("ledger_entry"."kind" in ('transfer_out', 'dispense', 'return', 'destroy', 'loss')
            and "ledger_entry"."quantity" > 0 and "ledger_entry"."balance_change" = -"ledger_entry"."quantity")
        or ("ledger_entry"."kind" = 'administer' and "ledger_entry"."quantity" > 0 and "ledger_entry"."balance_change" = 0)
        or ("ledger_entry"."kind" = 'waste' and "ledger_entry"."quantity" > 0
            and "ledger_entry"."balance_change" = case when "ledger_entry"."appointment_id" is null then -"ledger_entry"."quantity" else 0 end)
        or ("ledger_entry"."kind" = 'adjustment' and "ledger_entry"."quantity" <> 0 and "ledger_entry"."balance_change" = "ledger_entry"."quantity"
            and "ledger_entry"."discrepancy_id" is not null)
        or ("ledger_entry"."kind" = 'reversal' and "ledger_entry"."quantity" <> 0 and "ledger_entry"."reverses_entry_id" is not null)),
	CONSTRAINT "ledger_entry_mcg_sign" CHECK (sign("ledger_entry"."quantity") = sign("ledger_entry"."quantity_mcg")),
	CONSTRAINT "ledger_entry_session_named" CHECK ("ledger_entry"."kind" not in ('dispense', 'administer')
        or ("ledger_entry"."patient_id" is not null and "ledger_entry"."appointment_id" is not null and "ledger_entry"."order_id" is not null)),
	CONSTRAINT "ledger_entry_witnessed" CHECK (("ledger_entry"."kind" not in ('waste', 'destroy') or "ledger_entry"."witness_staff_id" is not null)
        and "ledger_entry"."witness_staff_id" is distinct from "ledger_entry"."recorded_by"),
	CONSTRAINT "ledger_entry_transfer_paired" CHECK (("ledger_entry"."kind" = 'transfer_in') = ("ledger_entry"."transfer_out_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "lot" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"lot_number" text NOT NULL,
	"expires_on" date NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"ndc" text NOT NULL,
	"name" text NOT NULL,
	"drug" text NOT NULL,
	"form" text NOT NULL,
	"base_unit" text NOT NULL,
	"concentration_mcg_per_ml" integer,
	"mcg_per_device" integer,
	"container_size" integer NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "product_drug_known" CHECK ("product"."drug" in ('ketamine', 'esketamine')),
	CONSTRAINT "product_container_positive" CHECK ("product"."container_size" > 0),
	CONSTRAINT "product_unit_strength" CHECK (("product"."base_unit" = 'microlitre' and "product"."concentration_mcg_per_ml" > 0 and "product"."mcg_per_device" is null)
        or ("product"."base_unit" = 'device' and "product"."mcg_per_device" > 0 and "product"."concentration_mcg_per_ml" is null))
);
--> statement-breakpoint
CREATE TABLE "stock_balance" (
	"clinic_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"quantity" bigint NOT NULL,
	CONSTRAINT "stock_balance_location_id_lot_id_pk" PRIMARY KEY("location_id","lot_id"),
	CONSTRAINT "stock_balance_not_negative" CHECK ("stock_balance"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_count" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"location_id" uuid,
	"kind" text NOT NULL,
	"taken_at" text NOT NULL,
	"counted_by" uuid NOT NULL,
	"witness_staff_id" uuid NOT NULL,
	"counted_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "stock_count_kind_known" CHECK ("stock_count"."kind" in ('daily', 'initial', 'biennial', 'other')),
	CONSTRAINT "stock_count_taken_at_known" CHECK ("stock_count"."taken_at" in ('opening', 'close')),
	CONSTRAINT "stock_count_two_people" CHECK ("stock_count"."counted_by" <> "stock_count"."witness_staff_id")
);
--> statement-breakpoint
CREATE TABLE "stock_count_line" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"count_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"expected" bigint NOT NULL,
	"counted" bigint NOT NULL,
	"estimated" boolean NOT NULL,
	CONSTRAINT "stock_count_line_counted" CHECK ("stock_count_line"."counted" >= 0 and "stock_count_line"."expected" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_location" (
	"id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "stock_location_kind_known" CHECK ("stock_location"."kind" in ('safe', 'cabinet'))
);
--> statement-breakpoint
ALTER TABLE "cs_registration" ADD CONSTRAINT "cs_registration_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cs_registration" ADD CONSTRAINT "cs_registration_supersedes_id_cs_registration_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."cs_registration"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cs_registration" ADD CONSTRAINT "cs_registration_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discrepancy" ADD CONSTRAINT "discrepancy_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discrepancy" ADD CONSTRAINT "discrepancy_location_id_stock_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."stock_location"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discrepancy" ADD CONSTRAINT "discrepancy_lot_id_lot_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lot"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discrepancy" ADD CONSTRAINT "discrepancy_appointment_id_appointment_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discrepancy" ADD CONSTRAINT "discrepancy_count_id_stock_count_id_fk" FOREIGN KEY ("count_id") REFERENCES "public"."stock_count"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discrepancy" ADD CONSTRAINT "discrepancy_opened_by_staff_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discrepancy_resolution" ADD CONSTRAINT "discrepancy_resolution_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discrepancy_resolution" ADD CONSTRAINT "discrepancy_resolution_discrepancy_id_discrepancy_id_fk" FOREIGN KEY ("discrepancy_id") REFERENCES "public"."discrepancy"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discrepancy_resolution" ADD CONSTRAINT "discrepancy_resolution_adjustment_entry_id_ledger_entry_id_fk" FOREIGN KEY ("adjustment_entry_id") REFERENCES "public"."ledger_entry"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discrepancy_resolution" ADD CONSTRAINT "discrepancy_resolution_resolved_by_staff_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_lot_id_lot_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lot"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_location_id_stock_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."stock_location"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_appointment_id_appointment_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_order_id_medication_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."medication_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_witness_staff_id_staff_id_fk" FOREIGN KEY ("witness_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_reverses_entry_id_ledger_entry_id_fk" FOREIGN KEY ("reverses_entry_id") REFERENCES "public"."ledger_entry"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_transfer_out_id_ledger_entry_id_fk" FOREIGN KEY ("transfer_out_id") REFERENCES "public"."ledger_entry"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_discrepancy_id_discrepancy_id_fk" FOREIGN KEY ("discrepancy_id") REFERENCES "public"."discrepancy"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot" ADD CONSTRAINT "lot_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot" ADD CONSTRAINT "lot_product_id_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."product"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot" ADD CONSTRAINT "lot_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product" ADD CONSTRAINT "product_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product" ADD CONSTRAINT "product_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_balance" ADD CONSTRAINT "stock_balance_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_balance" ADD CONSTRAINT "stock_balance_location_id_stock_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."stock_location"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_balance" ADD CONSTRAINT "stock_balance_lot_id_lot_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lot"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count" ADD CONSTRAINT "stock_count_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count" ADD CONSTRAINT "stock_count_location_id_stock_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."stock_location"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count" ADD CONSTRAINT "stock_count_counted_by_staff_id_fk" FOREIGN KEY ("counted_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count" ADD CONSTRAINT "stock_count_witness_staff_id_staff_id_fk" FOREIGN KEY ("witness_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_line" ADD CONSTRAINT "stock_count_line_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_line" ADD CONSTRAINT "stock_count_line_count_id_stock_count_id_fk" FOREIGN KEY ("count_id") REFERENCES "public"."stock_count"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_line" ADD CONSTRAINT "stock_count_line_location_id_stock_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."stock_location"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_line" ADD CONSTRAINT "stock_count_line_lot_id_lot_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lot"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_location" ADD CONSTRAINT "stock_location_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_location" ADD CONSTRAINT "stock_location_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cs_registration_clinic_idx" ON "cs_registration" USING btree ("clinic_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "cs_registration_supersedes_uq" ON "cs_registration" USING btree ("supersedes_id");--> statement-breakpoint
CREATE INDEX "discrepancy_clinic_idx" ON "discrepancy" USING btree ("clinic_id","opened_at");--> statement-breakpoint
CREATE INDEX "discrepancy_location_idx" ON "discrepancy" USING btree ("location_id");--> statement-breakpoint
CREATE UNIQUE INDEX "discrepancy_resolution_uq" ON "discrepancy_resolution" USING btree ("discrepancy_id");--> statement-breakpoint
CREATE INDEX "ledger_entry_clinic_idx" ON "ledger_entry" USING btree ("clinic_id","occurred_at");--> statement-breakpoint
CREATE INDEX "ledger_entry_lot_idx" ON "ledger_entry" USING btree ("lot_id","location_id");--> statement-breakpoint
CREATE INDEX "ledger_entry_appointment_idx" ON "ledger_entry" USING btree ("appointment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entry_reverses_uq" ON "ledger_entry" USING btree ("reverses_entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entry_transfer_out_uq" ON "ledger_entry" USING btree ("transfer_out_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lot_number_uq" ON "lot" USING btree ("clinic_id","product_id","lot_number");--> statement-breakpoint
CREATE UNIQUE INDEX "product_ndc_uq" ON "product" USING btree ("clinic_id","ndc");--> statement-breakpoint
CREATE INDEX "stock_balance_clinic_idx" ON "stock_balance" USING btree ("clinic_id");--> statement-breakpoint
CREATE INDEX "stock_count_clinic_idx" ON "stock_count" USING btree ("clinic_id","counted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_count_line_uq" ON "stock_count_line" USING btree ("count_id","location_id","lot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_location_name_uq" ON "stock_location" USING btree ("clinic_id",lower("name"));