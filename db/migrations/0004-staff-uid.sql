-- Every member gets a stable, globally unique uid that travels with their
-- visits (merge of files, sync to the server), so per-member totals hold
-- above the counter.  Existing members get a random (version 4) UUID;
-- staff_add() gives new ones a UUIDv7.
ALTER TABLE staff ADD COLUMN uid TEXT;
UPDATE staff SET uid = lower(
    hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
    substr(hex(randomblob(2)), 2) || '-' ||
    substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' ||
    hex(randomblob(6)))
  WHERE uid IS NULL;
CREATE UNIQUE INDEX staff_by_uid ON staff(uid);
