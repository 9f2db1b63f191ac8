-- The reference for the export figure: the same columns as
-- `dvcdesk export --format csv` (src/export.c), in the same order, with the
-- times formatted in SQL, written by `sqlite3 -csv` over the same file.
-- run.sh sets :from and :to.  Asia/Ho_Chi_Minh has no daylight saving, so
-- local time is UTC+7 (export.c caches the offset the same way).
SELECT v.uid, strftime('%Y-%m-%dT%H:%M:%SZ', v.at_utc, 'unixepoch') AS at_utc,
       strftime('%Y-%m-%dT%H:%M:%S+07:00', v.at_utc + 25200, 'unixepoch') AS at_local,
       v.procedure_code, p.name AS procedure_name,
       v.vneid, v.account, v.online_submission, v.payment, v.lookup, v.form_filling,
       v.postal, v.dossier_code, v.elderly, v.disabled, v.ethnic_minority,
       v.channel, v.outcome, v.duration_s, s.name AS staff, v.counter, v.unit_code,
       v.shift_id, v.backdate_reason IS NOT NULL AS backdated,
       v.voided_at IS NOT NULL AS voided,
       strftime('%Y-%m-%dT%H:%M:%SZ', v.voided_at, 'unixepoch') AS voided_at
  FROM visit v LEFT JOIN procedure p ON p.code = v.procedure_code
  LEFT JOIN staff s ON s.id = v.staff_id
 WHERE v.local_day BETWEEN :from AND :to ORDER BY v.local_day, v.id;
