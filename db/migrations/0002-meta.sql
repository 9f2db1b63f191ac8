-- Small facts about the file itself, e.g. the local day of the last
-- successful quick_check (db.c), so a large database is checked once a day
-- at open instead of on every command.
CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;
