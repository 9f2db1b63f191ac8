-- The programme around the counter: the duty roster (lịch trực) and the
-- outreach and training events (hoạt động tuyên truyền, tập huấn).
--
-- A roster slot is one session of one day at one counter, given to one
-- member; `dvcdesk roster import` replaces the slots its file names.
CREATE TABLE roster (
    id          INTEGER PRIMARY KEY,
    local_day   INTEGER NOT NULL,                  -- YYYYMMDD
    session     TEXT NOT NULL CHECK (session IN ('morning', 'afternoon')),
    counter     TEXT NOT NULL,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    updated_at  INTEGER NOT NULL,
    UNIQUE (local_day, session, counter)
) STRICT;
CREATE INDEX roster_by_staff ON roster(staff_id, local_day);

-- One outreach or training event; voided like a visit, never deleted.  The
-- note is free text and is cleared by the purge like a visit's note.
CREATE TABLE event (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    unit_code TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('meeting','training','door_to_door','mobile_point')),
    local_day INTEGER NOT NULL,
    place TEXT NOT NULL,
    attendees INTEGER NOT NULL DEFAULT 0,
    households INTEGER NOT NULL DEFAULT 0,
    leaflets INTEGER NOT NULL DEFAULT 0,
    accounts INTEGER NOT NULL DEFAULT 0,
    submissions INTEGER NOT NULL DEFAULT 0,
    note TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    voided_at INTEGER,
    voided_by INTEGER REFERENCES staff(id),
    void_reason TEXT,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX event_by_day ON event(local_day);

-- The members who took part in an event.
CREATE TABLE event_staff (
    event_id INTEGER NOT NULL REFERENCES event(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    PRIMARY KEY (event_id, staff_id)
) STRICT;
