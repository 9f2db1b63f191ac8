-- Outreach and training events (tuyên truyền, tập huấn...), pushed when the
-- counter's file has them: counts and codes only, no note.
CREATE TABLE dvcdesk.event (
    unit_code    text NOT NULL,
    uid          uuid NOT NULL,
    version      bigint NOT NULL,
    kind         text NOT NULL,
    local_day    date NOT NULL,
    place        text NOT NULL,
    attendees    integer NOT NULL DEFAULT 0,
    households   integer NOT NULL DEFAULT 0,
    leaflets     integer NOT NULL DEFAULT 0,
    accounts     integer NOT NULL DEFAULT 0,
    submissions  integer NOT NULL DEFAULT 0,
    staff_uids   uuid[] NOT NULL DEFAULT '{}',
    voided_at    timestamptz,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_code, uid)
);
CREATE INDEX event_by_day ON dvcdesk.event (local_day);
ALTER TABLE dvcdesk.event ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_own ON dvcdesk.event FOR SELECT USING (dvcdesk.may_read(unit_code));
CREATE POLICY insert_own ON dvcdesk.event FOR INSERT
    WITH CHECK (unit_code = ANY (dvcdesk.write_units(current_user::text)));
CREATE POLICY update_own ON dvcdesk.event FOR UPDATE
    USING (unit_code = ANY (dvcdesk.write_units(current_user::text)))
    WITH CHECK (unit_code = ANY (dvcdesk.write_units(current_user::text)));

-- Roles granted before this migration: the same rights on the new table.
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT role_name, bool_or(can_write) AS w FROM dvcdesk.role_unit GROUP BY 1 LOOP
        EXECUTE format('GRANT SELECT ON dvcdesk.event TO %I', r.role_name);
        IF r.w THEN
            EXECUTE format('GRANT INSERT, UPDATE ON dvcdesk.event TO %I', r.role_name);
        END IF;
    END LOOP;
END $$;

-- Apply pushed events from pg_temp.in_event: newer versions only.
CREATE FUNCTION dvcdesk.apply_events() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    INSERT INTO dvcdesk.event AS e (unit_code, uid, version, kind, local_day, place, attendees,
        households, leaflets, accounts, submissions, staff_uids, voided_at)
    SELECT unit_code, uid, version, kind, local_day, place, attendees, households, leaflets,
        accounts, submissions, staff_uids, voided_at FROM pg_temp.in_event
        ON CONFLICT (unit_code, uid) DO UPDATE SET version = EXCLUDED.version,
           kind = EXCLUDED.kind, local_day = EXCLUDED.local_day, place = EXCLUDED.place,
           attendees = EXCLUDED.attendees, households = EXCLUDED.households,
           leaflets = EXCLUDED.leaflets, accounts = EXCLUDED.accounts,
           submissions = EXCLUDED.submissions, staff_uids = EXCLUDED.staff_uids,
           voided_at = EXCLUDED.voided_at, received_at = now()
     WHERE EXCLUDED.version > e.version;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
