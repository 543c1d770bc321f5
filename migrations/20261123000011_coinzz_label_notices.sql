-- An unknown Coinzz status label is recorded by the batch that brings it, and announced
-- (notification center, then desktop) once that batch has committed: `notified_at` says
-- it has been. Labels recorded before this migration were announced inside their batch.
ALTER TABLE coinzz_unknown_labels ADD COLUMN notified_at TEXT;
UPDATE coinzz_unknown_labels SET notified_at = first_seen_at;
