-- dvcdesk reconcile: the last reconciliation of each period (from_day,
-- to_day, unit_code) against the provincial dossier system's export, codes
-- and results only: nothing of the export's applicant columns.  A new run
-- of the same period replaces the old one (reconcile_store.c).  The
-- per-member evaluation reads matched / (matched + logged_only) over the
-- rows whose visit_uid is one of the member's visits.
CREATE TABLE reconciliation (
    id                  INTEGER PRIMARY KEY,
    made_at             INTEGER NOT NULL,          -- UTC Unix seconds
    from_day            INTEGER NOT NULL,          -- YYYYMMDD inclusive
    to_day              INTEGER NOT NULL,
    unit_code           TEXT NOT NULL DEFAULT '',  -- '' : every unit (no --unit)
    source_name         TEXT NOT NULL,             -- the export's base name
    export_rows         INTEGER NOT NULL,
    export_online       INTEGER NOT NULL,
    matched             INTEGER NOT NULL,
    logged_only         INTEGER NOT NULL,
    export_only_online  INTEGER NOT NULL,
    procedure_mismatch  INTEGER NOT NULL,
    date_mismatch       INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX reconciliation_by_period ON reconciliation(from_day, to_day, unit_code);

CREATE TABLE reconciliation_code (
    reconciliation_id   INTEGER NOT NULL REFERENCES reconciliation(id) ON DELETE CASCADE,
    dossier_code        TEXT NOT NULL,
    visit_uid           TEXT,                      -- NULL: export_only_online
    result              TEXT NOT NULL
                        CHECK (result IN ('matched', 'logged_only', 'export_only_online')),
    procedure_mismatch  INTEGER NOT NULL DEFAULT 0,
    date_mismatch       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX reconciliation_code_by_run ON reconciliation_code(reconciliation_id);
CREATE INDEX reconciliation_code_by_visit ON reconciliation_code(visit_uid)
    WHERE visit_uid IS NOT NULL;
