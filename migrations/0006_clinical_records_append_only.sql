-- Clinical records are corrected by new, linked rows, never by edits: the database refuses UPDATE and DELETE on
-- them, whoever asks, as it does for the audit trail.
CREATE OR REPLACE FUNCTION ketacare_refuse_record_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is refused; record a correction instead', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER questionnaire_response_append_only
  BEFORE UPDATE OR DELETE ON questionnaire_response
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER score_append_only
  BEFORE UPDATE OR DELETE ON score
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER mood_check_in_append_only
  BEFORE UPDATE OR DELETE ON mood_check_in
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER alert_append_only
  BEFORE UPDATE OR DELETE ON alert
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER alert_acknowledgement_append_only
  BEFORE UPDATE OR DELETE ON alert_acknowledgement
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER clinic_setting_append_only
  BEFORE UPDATE OR DELETE ON clinic_setting
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER clinic_instrument_append_only
  BEFORE UPDATE OR DELETE ON clinic_instrument
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
