-- The controlled-substance ledger keeps its own books: stock_balance is written only by the trigger below, inside
-- the same transaction as the ledger entry, so a balance always equals the sum of its entries' balance_change and,
-- by stock_balance_not_negative, never goes below zero. Of two racing withdrawals from the last stock, the second
-- waits on the balance row's lock, then fails with check_violation (23514) naming that constraint: the API answers
-- with a 409 and nothing of the refused entry is written.
CREATE OR REPLACE FUNCTION ketacare_apply_ledger_entry() RETURNS trigger AS $$
BEGIN
  IF NEW.balance_change > 0 THEN
    -- An incoming row always satisfies the CHECK, so the upsert is safe for a lot's first receipt at a location.
    INSERT INTO stock_balance (clinic_id, location_id, lot_id, quantity)
      VALUES (NEW.clinic_id, NEW.location_id, NEW.lot_id, NEW.balance_change)
      ON CONFLICT (location_id, lot_id) DO UPDATE SET quantity = stock_balance.quantity + EXCLUDED.quantity;
  ELSIF NEW.balance_change < 0 THEN
    -- Not an upsert: PostgreSQL checks the proposed (negative) row before looking for a conflict.
    UPDATE stock_balance SET quantity = quantity + NEW.balance_change
      WHERE location_id = NEW.location_id AND lot_id = NEW.lot_id;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'no stock of lot % at location %', NEW.lot_id, NEW.location_id
        USING ERRCODE = 'check_violation', TABLE = 'stock_balance', CONSTRAINT = 'stock_balance_not_negative';
    END IF;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER ledger_entry_moves_stock
  AFTER INSERT ON ledger_entry
  FOR EACH ROW EXECUTE FUNCTION ketacare_apply_ledger_entry();
--> statement-breakpoint
-- Only the ledger trigger (nested, so depth 2 here) may write a balance; anything else is refused.
CREATE OR REPLACE FUNCTION ketacare_refuse_direct_balance_write() RETURNS trigger AS $$
BEGIN
  IF pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'stock_balance is kept by the ledger: % is refused; record a ledger entry instead', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER stock_balance_ledger_only
  BEFORE INSERT OR UPDATE OR DELETE ON stock_balance
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_direct_balance_write();
--> statement-breakpoint
-- A reversal is the exact negation of the entry it corrects (same lot and location; a reversal is never itself
-- reversed), and a transfer_in receives exactly what its transfer_out sent, at another location.
CREATE OR REPLACE FUNCTION ketacare_check_linked_entry() RETURNS trigger AS $$
DECLARE
  original ledger_entry%ROWTYPE;
BEGIN
  IF NEW.kind = 'reversal' THEN
    SELECT * INTO original FROM ledger_entry WHERE id = NEW.reverses_entry_id;
    IF NOT FOUND OR original.kind = 'reversal' OR original.clinic_id <> NEW.clinic_id
       OR original.lot_id <> NEW.lot_id OR original.location_id <> NEW.location_id
       OR NEW.quantity <> -original.quantity OR NEW.quantity_mcg <> -original.quantity_mcg
       OR NEW.balance_change <> -original.balance_change THEN
      RAISE EXCEPTION 'a reversal must negate exactly the entry it reverses'
        USING ERRCODE = 'check_violation', TABLE = 'ledger_entry', CONSTRAINT = 'ledger_entry_reversal_negates';
    END IF;
  ELSIF NEW.kind = 'transfer_in' THEN
    SELECT * INTO original FROM ledger_entry WHERE id = NEW.transfer_out_id;
    IF NOT FOUND OR original.kind <> 'transfer_out' OR original.clinic_id <> NEW.clinic_id
       OR original.lot_id <> NEW.lot_id OR original.location_id = NEW.location_id
       OR original.quantity <> NEW.quantity OR original.quantity_mcg <> NEW.quantity_mcg THEN
      RAISE EXCEPTION 'a transfer_in must receive exactly what its transfer_out sent, at another location'
        USING ERRCODE = 'check_violation', TABLE = 'ledger_entry', CONSTRAINT = 'ledger_entry_transfer_matches';
    END IF;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER ledger_entry_linked_entry_matches
  BEFORE INSERT ON ledger_entry
  FOR EACH ROW EXECUTE FUNCTION ketacare_check_linked_entry();
--> statement-breakpoint
-- Controlled-substance records are kept unchanged for at least two years (21 CFR 1304.04): corrected by new rows,
-- never edited (ketacare_refuse_record_change comes from 0006).
CREATE TRIGGER ledger_entry_append_only
  BEFORE UPDATE OR DELETE ON ledger_entry
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER cs_registration_append_only
  BEFORE UPDATE OR DELETE ON cs_registration
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER stock_count_append_only
  BEFORE UPDATE OR DELETE ON stock_count
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER stock_count_line_append_only
  BEFORE UPDATE OR DELETE ON stock_count_line
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER discrepancy_append_only
  BEFORE UPDATE OR DELETE ON discrepancy
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
--> statement-breakpoint
CREATE TRIGGER discrepancy_resolution_append_only
  BEFORE UPDATE OR DELETE ON discrepancy_resolution
  FOR EACH ROW EXECUTE FUNCTION ketacare_refuse_record_change();
