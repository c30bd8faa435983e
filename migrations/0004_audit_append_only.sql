-- The audit trail is append-only: the application never changes or removes an entry, and the database refuses
-- to, whoever asks. (TRUNCATE is a separate privilege, kept for test resets; production roles should not hold it.)
CREATE OR REPLACE FUNCTION ketacare_refuse_audit_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER audit_entry_append_only
  BEFORE UPDATE OR DELETE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_audit_change();
--> statement-breakpoint
CREATE TRIGGER audit_seal_append_only
  BEFORE UPDATE OR DELETE ON audit_seal
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_audit_change();
