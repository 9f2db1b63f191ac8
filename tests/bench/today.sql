-- The reference for start-up: what the counter screen shows from the
-- database, asked by the sqlite3 shell opening the same file — today's
-- totals for this counter (visits, services, groups) and the last few
-- visits with their procedure names.  run.sh sets :day, :unit, :counter.
SELECT count(*), sum(vneid), sum(account), sum(online_submission), sum(payment),
       sum(lookup), sum(form_filling), sum(postal),
       sum(elderly), sum(disabled), sum(ethnic_minority)
  FROM visit WHERE local_day = :day AND voided_at IS NULL;
SELECT count(*), sum(online_submission)
  FROM visit WHERE local_day = :day AND voided_at IS NULL
   AND unit_code = :unit AND counter = :counter;
SELECT v.at_utc, coalesce(p.name, ''), v.dossier_code
  FROM visit v LEFT JOIN procedure p ON p.code = v.procedure_code
 WHERE v.local_day = :day AND v.unit_code = :unit AND v.counter = :counter
 ORDER BY v.id DESC LIMIT 5;
