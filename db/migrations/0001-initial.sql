-- dvcdesk schema, version 1.  Times are UTC Unix seconds; local_day
-- (YYYYMMDD) and local_hour are the counter's local calendar at `at_utc`,
-- stored so reports are index range scans.

CREATE TABLE unit (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    province  TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE staff (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    name_key      TEXT NOT NULL,              -- folded, for type-to-filter
    role          TEXT NOT NULL DEFAULT 'volunteer'
                  CHECK (role IN ('volunteer', 'supervisor')),
    pin_hash      TEXT,                       -- Argon2id string, NULL: no PIN
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed_pins   INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE shift (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    unit_code   TEXT NOT NULL,
    counter     TEXT NOT NULL,
    session     TEXT NOT NULL CHECK (session IN ('morning', 'afternoon', 'other')),
    opened_at   INTEGER NOT NULL,
    closed_at   INTEGER,
    local_day   INTEGER NOT NULL
) STRICT;
CREATE INDEX shift_by_day ON shift(local_day);

CREATE TABLE procedure (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    field       TEXT NOT NULL DEFAULT '',
    search_key  TEXT NOT NULL,                -- text_fold(name)
    use_count   INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX procedure_by_use ON procedure(use_count DESC, code);

CREATE TABLE visit (
    id                 INTEGER PRIMARY KEY,   -- local sequence: orders entries even if the clock jumps
    uid                TEXT NOT NULL UNIQUE,  -- UUIDv7, made before the save
    at_utc             INTEGER NOT NULL,
    local_day          INTEGER NOT NULL,
    local_hour         INTEGER NOT NULL CHECK (local_hour BETWEEN 0 AND 23),
    entered_at         INTEGER NOT NULL,
    backdate_reason    TEXT,
    staff_id           INTEGER NOT NULL REFERENCES staff(id),
    shift_id           INTEGER REFERENCES shift(id),
    unit_code          TEXT NOT NULL,
    counter            TEXT NOT NULL,
    procedure_code     TEXT REFERENCES procedure(code),  -- NULL: general guidance
    vneid              INTEGER NOT NULL DEFAULT 0 CHECK (vneid IN (0, 1)),
    account            INTEGER NOT NULL DEFAULT 0 CHECK (account IN (0, 1)),
    online_submission  INTEGER NOT NULL DEFAULT 0 CHECK (online_submission IN (0, 1)),
    payment            INTEGER NOT NULL DEFAULT 0 CHECK (payment IN (0, 1)),
    lookup             INTEGER NOT NULL DEFAULT 0 CHECK (lookup IN (0, 1)),
    form_filling       INTEGER NOT NULL DEFAULT 0 CHECK (form_filling IN (0, 1)),
    postal             INTEGER NOT NULL DEFAULT 0 CHECK (postal IN (0, 1)),
    dossier_code       TEXT,
    elderly            INTEGER NOT NULL DEFAULT 0 CHECK (elderly IN (0, 1)),
    disabled           INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    ethnic_minority    INTEGER NOT NULL DEFAULT 0 CHECK (ethnic_minority IN (0, 1)),
    channel            TEXT NOT NULL DEFAULT 'walk_in'
                       CHECK (channel IN ('walk_in', 'phone', 'online', 'outreach')),
    outcome            TEXT NOT NULL DEFAULT 'done'
                       CHECK (outcome IN ('done', 'more_papers', 'referred')),
    duration_s         INTEGER NOT NULL DEFAULT 0,
    -- Personal data: purged after [privacy] retention_days, never in the audit.
    note               TEXT,
    citizen_name       TEXT,
    citizen_phone      TEXT,
    consent            INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
    pii_purged_at      INTEGER,
    voided_at          INTEGER,
    voided_by          INTEGER REFERENCES staff(id),
    void_reason        TEXT,
    CHECK (online_submission = 0 OR dossier_code IS NOT NULL),
    CHECK ((citizen_name IS NULL AND citizen_phone IS NULL) OR consent = 1)
) STRICT;
CREATE INDEX visit_by_day ON visit(local_day);
CREATE INDEX visit_by_shift ON visit(shift_id);
CREATE INDEX visit_by_dossier ON visit(dossier_code) WHERE dossier_code IS NOT NULL;

-- Append-only and hash-chained (audit.c); never personal data.
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at_utc     INTEGER NOT NULL,
    staff_id   INTEGER,
    action     TEXT NOT NULL,
    visit_uid  TEXT,
    detail     TEXT NOT NULL DEFAULT '',
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
