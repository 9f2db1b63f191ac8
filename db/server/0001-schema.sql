-- dvcdesk server schema, version 1 (dvcdesk server init runs it once, under
-- an advisory lock, in the transaction that records it in
-- dvcdesk.schema_version).  Every table is keyed by unit_code first: the
-- distribution column when the schema is sharded on Citus (docs/sync.md).
-- Nothing personal is here: no note, citizen name or phone, no free-text
-- reason; volunteers by uid and display name.

CREATE TABLE dvcdesk.unit (
    unit_code   text PRIMARY KEY,
    name        text NOT NULL DEFAULT '',
    province    text NOT NULL DEFAULT '',
    received_at timestamptz NOT NULL DEFAULT now()
);

-- One row per volunteer per unit; person_uid joins two registrations of
-- one person (dvcdesk server staff-join); it starts as the uid.
CREATE TABLE dvcdesk.staff (
    unit_code   text NOT NULL,
    uid         uuid NOT NULL,
    name        text NOT NULL,
    person_uid  uuid NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_code, uid)
);

-- The visits, partitioned by month of the visit's local day (partitions are
-- made on demand by dvcdesk.ensure_month).  version: newer edits and voids
-- replace older ones; received_at: the server's clock, never the counter's.
CREATE TABLE dvcdesk.visit (
    unit_code          text NOT NULL,
    local_day          date NOT NULL,
    uid                uuid NOT NULL,
    version            bigint NOT NULL,
    at_utc             timestamptz NOT NULL,
    local_hour         smallint NOT NULL CHECK (local_hour BETWEEN 0 AND 23),
    counter            text NOT NULL,
    staff_uid          uuid NOT NULL,
    procedure_code     text,
    dossier_code       text,
    vneid              boolean NOT NULL,
    account            boolean NOT NULL,
    online_submission  boolean NOT NULL,
    payment            boolean NOT NULL,
    lookup             boolean NOT NULL,
    form_filling       boolean NOT NULL,
    postal             boolean NOT NULL,
    elderly            boolean NOT NULL,
    disabled           boolean NOT NULL,
    ethnic_minority    boolean NOT NULL,
    channel            text NOT NULL CHECK (channel IN ('walk_in', 'phone', 'online', 'outreach')),
    outcome            text NOT NULL CHECK (outcome IN ('done', 'more_papers', 'referred')),
    duration_s         integer NOT NULL DEFAULT 0,
    backdated          boolean NOT NULL DEFAULT false,
    voided_at          timestamptz,
    received_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_code, local_day, uid)
) PARTITION BY RANGE (local_day);
-- A btree on the day, not BRIN: late pushes arrive out of order.
CREATE INDEX visit_by_day ON dvcdesk.visit (local_day);

-- The daily per-unit roll-up that province reports read (refreshed for the
-- (unit, day) pairs each push touches, in the push's transaction).
CREATE TABLE dvcdesk.day_unit (
    unit_code text NOT NULL, local_day date NOT NULL,
    visits int NOT NULL, voided int NOT NULL,
    vneid int NOT NULL, account int NOT NULL, online_submission int NOT NULL,
    payment int NOT NULL, lookup int NOT NULL, form_filling int NOT NULL, postal int NOT NULL,
    elderly int NOT NULL, disabled int NOT NULL, ethnic_minority int NOT NULL,
    walk_in int NOT NULL, phone int NOT NULL, online int NOT NULL, outreach int NOT NULL,
    done int NOT NULL, more_papers int NOT NULL, referred int NOT NULL,
    general_guidance int NOT NULL, timed_visits int NOT NULL, duration_total_s bigint NOT NULL,
    PRIMARY KEY (unit_code, local_day)
);
CREATE INDEX day_unit_by_day ON dvcdesk.day_unit (local_day);
CREATE TABLE dvcdesk.day_unit_procedure (
    unit_code text NOT NULL, local_day date NOT NULL, procedure_code text NOT NULL,
    visits int NOT NULL, online_submission int NOT NULL,
    PRIMARY KEY (unit_code, local_day, procedure_code)
);
CREATE INDEX day_unit_procedure_by_day ON dvcdesk.day_unit_procedure (local_day);
CREATE TABLE dvcdesk.day_unit_staff (
    unit_code text NOT NULL, local_day date NOT NULL, staff_uid uuid NOT NULL,
    visits int NOT NULL, online_submission int NOT NULL,
    PRIMARY KEY (unit_code, local_day, staff_uid)
);
CREATE INDEX day_unit_staff_by_day ON dvcdesk.day_unit_staff (local_day);
CREATE TABLE dvcdesk.day_unit_hour (
    unit_code text NOT NULL, local_day date NOT NULL, local_hour smallint NOT NULL,
    visits int NOT NULL,
    PRIMARY KEY (unit_code, local_day, local_hour)
);
CREATE INDEX day_unit_hour_by_day ON dvcdesk.day_unit_hour (local_day);

-- Which units a login role may push (write) or read; unit_code '*': all.
CREATE TABLE dvcdesk.role_unit (
    role_name text NOT NULL,
    unit_code text NOT NULL,
    can_write boolean NOT NULL,
    PRIMARY KEY (role_name, unit_code)
);

-- The units of a role (the policies pass current_user: inside a SECURITY
-- DEFINER function it would be the owner), for the row-level security
-- policies.  SECURITY DEFINER: roles need not read role_unit; STABLE, so a policy's
-- `unit_code = ANY (dvcdesk.read_units())` is computed once per scan and
-- can use the unit_code-first keys.  COLLATE "C" compares names exactly.
CREATE FUNCTION dvcdesk.read_units(who text) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT CASE WHEN bool_or(unit_code = '*') THEN NULL
                ELSE coalesce(array_agg(unit_code COLLATE "C"), '{}') END
      FROM dvcdesk.role_unit WHERE role_name = who
$$;
CREATE FUNCTION dvcdesk.write_units(who text) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT coalesce(array_agg(unit_code COLLATE "C"), '{}')
      FROM dvcdesk.role_unit WHERE role_name = who AND can_write
$$;
CREATE FUNCTION dvcdesk.may_read(u text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT dvcdesk.read_units(current_user::text) IS NULL
        OR u = ANY (dvcdesk.read_units(current_user::text))
$$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['unit', 'staff', 'visit', 'day_unit', 'day_unit_procedure',
                             'day_unit_staff', 'day_unit_hour'] LOOP
        EXECUTE format('ALTER TABLE dvcdesk.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY read_own ON dvcdesk.%I FOR SELECT '
                       'USING (dvcdesk.may_read(unit_code))', t);
        EXECUTE format('CREATE POLICY insert_own ON dvcdesk.%I FOR INSERT '
                       'WITH CHECK (unit_code = ANY (dvcdesk.write_units(current_user::text)))', t);
        EXECUTE format('CREATE POLICY update_own ON dvcdesk.%I FOR UPDATE '
                       'USING (unit_code = ANY (dvcdesk.write_units(current_user::text))) '
                       'WITH CHECK (unit_code = ANY (dvcdesk.write_units(current_user::text)))', t);
        EXECUTE format('CREATE POLICY delete_own ON dvcdesk.%I FOR DELETE '
                       'USING (unit_code = ANY (dvcdesk.write_units(current_user::text)))', t);
    END LOOP;
END $$;

-- The month's partition of dvcdesk.visit, made when a push first needs it.
CREATE FUNCTION dvcdesk.ensure_month(d date) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    first date := date_trunc('month', d)::date;
    name text := 'visit_' || to_char(first, 'YYYY_MM');
BEGIN
    IF to_regclass('dvcdesk.' || name) IS NOT NULL THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('dvcdesk.ensure_month'));
    IF to_regclass('dvcdesk.' || name) IS NULL THEN
        EXECUTE format('CREATE TABLE dvcdesk.%I PARTITION OF dvcdesk.visit '
                       'FOR VALUES FROM (%L) TO (%L)', name, first, (first + interval '1 month')::date);
    END IF;
END $$;

-- Recompute the roll-ups for the (unit_code, local_day) pairs in the
-- temporary table pg_temp.touched.
CREATE FUNCTION dvcdesk.refresh_rollup() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- the touched days' visits, read once (one index scan per pair), then
    -- four aggregates over that small copy
    CREATE TEMP TABLE IF NOT EXISTS tv (LIKE dvcdesk.visit) ON COMMIT DROP;
    TRUNCATE pg_temp.tv;
    INSERT INTO pg_temp.tv SELECT v.* FROM dvcdesk.visit v JOIN pg_temp.touched t
        ON v.unit_code = t.unit_code AND v.local_day = t.local_day;
    DELETE FROM dvcdesk.day_unit d USING pg_temp.touched t
     WHERE d.unit_code = t.unit_code AND d.local_day = t.local_day;
    DELETE FROM dvcdesk.day_unit_procedure d USING pg_temp.touched t
     WHERE d.unit_code = t.unit_code AND d.local_day = t.local_day;
    DELETE FROM dvcdesk.day_unit_staff d USING pg_temp.touched t
     WHERE d.unit_code = t.unit_code AND d.local_day = t.local_day;
    DELETE FROM dvcdesk.day_unit_hour d USING pg_temp.touched t
     WHERE d.unit_code = t.unit_code AND d.local_day = t.local_day;
    INSERT INTO dvcdesk.day_unit
    SELECT v.unit_code, v.local_day,
           count(*) FILTER (WHERE voided_at IS NULL), count(*) FILTER (WHERE voided_at IS NOT NULL),
           count(*) FILTER (WHERE voided_at IS NULL AND vneid),
           count(*) FILTER (WHERE voided_at IS NULL AND account),
           count(*) FILTER (WHERE voided_at IS NULL AND online_submission),
           count(*) FILTER (WHERE voided_at IS NULL AND payment),
           count(*) FILTER (WHERE voided_at IS NULL AND lookup),
           count(*) FILTER (WHERE voided_at IS NULL AND form_filling),
           count(*) FILTER (WHERE voided_at IS NULL AND postal),
           count(*) FILTER (WHERE voided_at IS NULL AND elderly),
           count(*) FILTER (WHERE voided_at IS NULL AND disabled),
           count(*) FILTER (WHERE voided_at IS NULL AND ethnic_minority),
           count(*) FILTER (WHERE voided_at IS NULL AND channel = 'walk_in'),
           count(*) FILTER (WHERE voided_at IS NULL AND channel = 'phone'),
           count(*) FILTER (WHERE voided_at IS NULL AND channel = 'online'),
           count(*) FILTER (WHERE voided_at IS NULL AND channel = 'outreach'),
           count(*) FILTER (WHERE voided_at IS NULL AND outcome = 'done'),
           count(*) FILTER (WHERE voided_at IS NULL AND outcome = 'more_papers'),
           count(*) FILTER (WHERE voided_at IS NULL AND outcome = 'referred'),
           count(*) FILTER (WHERE voided_at IS NULL AND procedure_code IS NULL),
           count(*) FILTER (WHERE voided_at IS NULL AND duration_s > 0),
           coalesce(sum(duration_s) FILTER (WHERE voided_at IS NULL AND duration_s > 0), 0)
      FROM pg_temp.tv v
     GROUP BY v.unit_code, v.local_day;
    INSERT INTO dvcdesk.day_unit_procedure
    SELECT v.unit_code, v.local_day, v.procedure_code, count(*), count(*) FILTER (WHERE online_submission)
      FROM pg_temp.tv v
     WHERE v.voided_at IS NULL AND v.procedure_code IS NOT NULL
     GROUP BY v.unit_code, v.local_day, v.procedure_code;
    INSERT INTO dvcdesk.day_unit_staff
    SELECT v.unit_code, v.local_day, v.staff_uid, count(*), count(*) FILTER (WHERE online_submission)
      FROM pg_temp.tv v
     WHERE v.voided_at IS NULL
     GROUP BY v.unit_code, v.local_day, v.staff_uid;
    INSERT INTO dvcdesk.day_unit_hour
    SELECT v.unit_code, v.local_day, v.local_hour, count(*)
      FROM pg_temp.tv v
     WHERE v.voided_at IS NULL
     GROUP BY v.unit_code, v.local_day, v.local_hour;
END $$;

-- Apply a push from the temporary tables pg_temp.in_staff and
-- pg_temp.in_visit (filled by COPY): the units' volunteers, then the visits
-- whose version is newer than the stored one; returns how many visit rows
-- changed.  Runs as the pushing role, so row-level security refuses a row
-- of another unit.
CREATE FUNCTION dvcdesk.apply_push() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    m date;
    u text;
    n bigint;
BEGIN
    -- one push per unit at a time: the roll-up reads what the other wrote
    FOR u IN SELECT DISTINCT unit_code FROM pg_temp.in_visit ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(hashtext('dvcdesk.unit:' || u));
    END LOOP;
    FOR m IN SELECT DISTINCT date_trunc('month', local_day)::date FROM pg_temp.in_visit LOOP
        PERFORM dvcdesk.ensure_month(m);
    END LOOP;
    INSERT INTO dvcdesk.staff AS s (unit_code, uid, name, person_uid)
    SELECT unit_code, uid, name, uid FROM pg_temp.in_staff
        ON CONFLICT (unit_code, uid) DO UPDATE SET name = EXCLUDED.name
     WHERE s.name IS DISTINCT FROM EXCLUDED.name;
    INSERT INTO dvcdesk.visit AS v (unit_code, local_day, uid, version, at_utc, local_hour, counter,
        staff_uid, procedure_code, dossier_code, vneid, account, online_submission, payment, lookup,
        form_filling, postal, elderly, disabled, ethnic_minority, channel, outcome, duration_s,
        backdated, voided_at)
    SELECT unit_code, local_day, uid, version, at_utc, local_hour, counter,
        staff_uid, procedure_code, dossier_code, vneid, account, online_submission, payment, lookup,
        form_filling, postal, elderly, disabled, ethnic_minority, channel, outcome, duration_s,
        backdated, voided_at FROM pg_temp.in_visit
        ON CONFLICT (unit_code, local_day, uid) DO UPDATE SET
           version = EXCLUDED.version, at_utc = EXCLUDED.at_utc, local_hour = EXCLUDED.local_hour,
           counter = EXCLUDED.counter, staff_uid = EXCLUDED.staff_uid,
           procedure_code = EXCLUDED.procedure_code, dossier_code = EXCLUDED.dossier_code,
           vneid = EXCLUDED.vneid, account = EXCLUDED.account,
           online_submission = EXCLUDED.online_submission, payment = EXCLUDED.payment,
           lookup = EXCLUDED.lookup, form_filling = EXCLUDED.form_filling, postal = EXCLUDED.postal,
           elderly = EXCLUDED.elderly, disabled = EXCLUDED.disabled,
           ethnic_minority = EXCLUDED.ethnic_minority, channel = EXCLUDED.channel,
           outcome = EXCLUDED.outcome, duration_s = EXCLUDED.duration_s,
           backdated = EXCLUDED.backdated, voided_at = EXCLUDED.voided_at, received_at = now()
     WHERE EXCLUDED.version > v.version;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN
        CREATE TEMP TABLE IF NOT EXISTS touched (unit_code text, local_day date) ON COMMIT DROP;
        TRUNCATE pg_temp.touched;
        INSERT INTO pg_temp.touched SELECT DISTINCT unit_code, local_day FROM pg_temp.in_visit;
        PERFORM dvcdesk.refresh_rollup();
    END IF;
    RETURN n;
END $$;

-- Grants (dvcdesk server grant) and the join of two registrations of one
-- volunteer (dvcdesk server staff-join): functions, so the role and unit
-- names reach the SQL as parameters and become identifiers only through
-- format('%I').
CREATE FUNCTION dvcdesk.grant_role(p_role text, p_units text[], p_write boolean)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    created boolean := false;
    u text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role) THEN
        EXECUTE format('CREATE ROLE %I LOGIN', p_role);
        created := true;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA dvcdesk TO %I', p_role);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA dvcdesk TO %I', p_role);
    EXECUTE format('REVOKE SELECT ON dvcdesk.role_unit FROM %I', p_role);
    IF p_write THEN
        EXECUTE format('GRANT INSERT, UPDATE, DELETE ON dvcdesk.unit, dvcdesk.staff, dvcdesk.visit, '
                       'dvcdesk.day_unit, dvcdesk.day_unit_procedure, dvcdesk.day_unit_staff, '
                       'dvcdesk.day_unit_hour TO %I', p_role);
        IF to_regclass('dvcdesk.event') IS NOT NULL THEN
            EXECUTE format('GRANT INSERT, UPDATE ON dvcdesk.event TO %I', p_role);
        END IF;
    END IF;
    FOREACH u IN ARRAY p_units LOOP
        INSERT INTO dvcdesk.role_unit VALUES (p_role, u, p_write)
            ON CONFLICT (role_name, unit_code) DO UPDATE SET can_write = EXCLUDED.can_write;
    END LOOP;
    RETURN created;
END $$;

CREATE FUNCTION dvcdesk.staff_join(keep uuid, other uuid) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    person uuid;
    n bigint;
BEGIN
    SELECT person_uid INTO person FROM dvcdesk.staff WHERE uid = keep LIMIT 1;
    IF person IS NULL THEN
        RETURN -1;
    END IF;
    UPDATE dvcdesk.staff SET person_uid = person
     WHERE uid = other OR person_uid = (SELECT person_uid FROM dvcdesk.staff WHERE uid = other LIMIT 1);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;

-- A role's password as a SCRAM verifier computed by the client
-- (PQencryptPasswordConn): the password itself never reaches the server.
CREATE FUNCTION dvcdesk.set_password(p_role text, verifier text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
        RAISE EXCEPTION 'not a SCRAM-SHA-256 verifier';
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', p_role, verifier);
END $$;

-- Only the administrator (the owner) grants, sets passwords and joins
-- volunteers; the roles push through apply_push() and read.
REVOKE EXECUTE ON FUNCTION dvcdesk.grant_role(text, text[], boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION dvcdesk.set_password(text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION dvcdesk.staff_join(uuid, uuid) FROM PUBLIC;
