-- Intake facts, screening runs, eligibility decisions, rule sets and consent records are corrected by new rows,
-- never edited: the database refuses UPDATE and DELETE (ketacare_refuse_record_change comes from 0006).
CREATE TRIGGER patient_profile_append_only
  BEFORE UPDATE OR DELETE ON patient_profile
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER condition_append_only
  BEFORE UPDATE OR DELETE ON condition
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER medication_statement_append_only
  BEFORE UPDATE OR DELETE ON medication_statement
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER allergy_append_only
  BEFORE UPDATE OR DELETE ON allergy
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER prior_treatment_append_only
  BEFORE UPDATE OR DELETE ON prior_treatment
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER body_measurement_append_only
  BEFORE UPDATE OR DELETE ON body_measurement
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER screening_rule_set_append_only
  BEFORE UPDATE OR DELETE ON screening_rule_set
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER screening_run_append_only
  BEFORE UPDATE OR DELETE ON screening_run
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER eligibility_decision_append_only
  BEFORE UPDATE OR DELETE ON eligibility_decision
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER consent_document_append_only
  BEFORE UPDATE OR DELETE ON consent_document
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER consent_signature_append_only
  BEFORE UPDATE OR DELETE ON consent_signature
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER consent_withdrawal_append_only
  BEFORE UPDATE OR DELETE ON consent_withdrawal
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
