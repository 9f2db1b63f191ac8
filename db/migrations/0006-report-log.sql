-- Reports made to a file or printed: what the reminders of the calendar
-- (the counter's status bar, `dvcdesk check`, `report --due`) call "made".
-- One row per report written with --output FILE or --print.
CREATE TABLE report_log (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,          -- shift, day, month, quarter, half, year, range
    from_day INTEGER NOT NULL,   -- YYYYMMDD, inclusive: the report's bounds
    to_day INTEGER NOT NULL,
    format TEXT NOT NULL,        -- text, csv, json, pdf, xlsx
    destination TEXT NOT NULL,   -- file or printer
    made_at INTEGER NOT NULL,    -- Unix time
    made_by TEXT                 -- the preparer, or NULL
);
CREATE INDEX report_log_by_period ON report_log(kind, from_day, to_day);
