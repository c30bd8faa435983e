-- No double booking, enforced by the database: two live appointments (booked or attended) never overlap in one
-- chair, nor for one patient; a person is never on two overlapping shifts. Of two racing bookings for the last
-- chair, the second gets exclusion_violation (23P01), which the API answers with a 409. btree_gist is from 0000.
ALTER TABLE appointment ADD CONSTRAINT appointment_chair_no_overlap
  EXCLUDE USING gist (chair_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
  WHERE (status in ('booked', 'attended'));
--> statement-breakpoint
ALTER TABLE appointment ADD CONSTRAINT appointment_patient_no_overlap
  EXCLUDE USING gist (patient_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
  WHERE (status in ('booked', 'attended'));
--> statement-breakpoint
ALTER TABLE staff_shift ADD CONSTRAINT staff_shift_no_overlap
  EXCLUDE USING gist (staff_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
  WHERE (cancelled_at is null);
--> statement-breakpoint
-- Protocols, courses, orders and escort confirmations are clinical records: corrected by new rows, never edited
-- (ketacare_refuse_record_change comes from 0006).
CREATE TRIGGER protocol_append_only
  BEFORE UPDATE OR DELETE ON protocol
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER treatment_course_append_only
  BEFORE UPDATE OR DELETE ON treatment_course
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER course_event_append_only
  BEFORE UPDATE OR DELETE ON course_event
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER medication_order_append_only
  BEFORE UPDATE OR DELETE ON medication_order
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER order_discontinuation_append_only
  BEFORE UPDATE OR DELETE ON order_discontinuation
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER escort_confirmation_append_only
  BEFORE UPDATE OR DELETE ON escort_confirmation
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
