ALTER TABLE "appointment" ADD COLUMN "drug" text NOT NULL;--> statement-breakpoint
ALTER TABLE "appointment" ADD COLUMN "planned_dose_mcg" integer NOT NULL;