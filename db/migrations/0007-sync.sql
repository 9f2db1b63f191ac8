-- Sync to the server (src/sync/outbox.c): every visit carries a version
-- that each edit and void raises (visit.c), and the version the server has
-- acknowledged.  A visit is waiting while version > synced_version; the
-- acknowledgement is written in the same local transaction that records
-- the server's commit, so a lost one means a harmless re-send.
ALTER TABLE visit ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE visit ADD COLUMN synced_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX visit_unsynced ON visit(id) WHERE version > synced_version;
-- Events (outreach, training: another table's, when it exists) wait while
-- their version is above the one recorded here.  A table of its own, so
-- this migration does not depend on the event table being there.
CREATE TABLE sync_event (
    uid             TEXT PRIMARY KEY,
    synced_version  INTEGER NOT NULL
) STRICT;
