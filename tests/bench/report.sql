-- The reference for the report figures: the aggregate queries that
-- src/report.c runs for a day, month or year (report_run: totals by day,
-- hour and voided; per procedure; per staff member), run by the sqlite3
-- shell over the same file.  run.sh sets :from and :to.  Keep in step with
-- report.c when its queries change (the figure compares like with like).
SELECT v.local_day, v.local_hour, v.voided_at IS NOT NULL AS voided, count(*),
       sum(v.vneid), sum(v.account), sum(v.online_submission), sum(v.payment),
       sum(v.lookup), sum(v.form_filling), sum(v.postal),
       sum(v.elderly), sum(v.disabled), sum(v.ethnic_minority),
       sum(v.channel = 'walk_in'), sum(v.channel = 'phone'),
       sum(v.channel = 'online'), sum(v.channel = 'outreach'),
       sum(v.outcome = 'done'), sum(v.outcome = 'more_papers'),
       sum(v.outcome = 'referred'),
       sum(v.procedure_code IS NULL), sum(v.duration_s > 0), sum(max(v.duration_s, 0))
  FROM visit v WHERE v.local_day BETWEEN :from AND :to
 GROUP BY 1, 2, 3 ORDER BY 1, 2;
SELECT a.code, coalesce(p.name, a.code), a.n, a.o FROM
       (SELECT v.procedure_code AS code, count(*) AS n, sum(v.online_submission) AS o
          FROM visit v WHERE v.local_day BETWEEN :from AND :to
           AND v.voided_at IS NULL AND v.procedure_code IS NOT NULL
         GROUP BY v.procedure_code) a
  LEFT JOIN procedure p ON p.code = a.code ORDER BY a.n DESC, a.code;
SELECT a.id, coalesce(s.name, '#' || a.id), a.n, a.o FROM
       (SELECT v.staff_id AS id, count(*) AS n, sum(v.online_submission) AS o
          FROM visit v WHERE v.local_day BETWEEN :from AND :to AND v.voided_at IS NULL
         GROUP BY v.staff_id) a
  LEFT JOIN staff s ON s.id = a.id ORDER BY a.n DESC, 2;
