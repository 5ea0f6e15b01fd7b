-- Deadlines as the law counts them (issue 18), part 1: how a rule set turns a receipt and
-- a processing time into the due moment, and a procedure's processing time in a unit
-- (working days with halves, working hours, calendar days, same day) with its own cut-off.

-- Rule sets before this one count from the receipt instant (n × 8 working hours): instant.
ALTER TABLE rule_sets
    ADD COLUMN due_policy text NOT NULL DEFAULT 'instant' CHECK (due_policy IN ('instant', 'civil_code'));

-- The civil-code rule set (Bộ luật Dân sự 2015, arts. 147–148): the day of receipt is not
-- counted and a period ends at the end of office hours of its last day. It copies the
-- latest rule set's office hours and supplement rules, and takes effect on 1 January 2026
-- (or just after the latest rule set when that is later); dossiers received before keep
-- the rule set they were received under.
INSERT INTO rule_sets (version, effective_from, sessions, cutoff, supplement_policy, supplement_days,
                       reminder_hours, due_policy, note)
SELECT (SELECT max(version) + 1 FROM rule_sets),
       greatest('2026-01-01T00:00:00+07:00'::timestamptz, r.effective_from + interval '1 second'),
       r.sessions, r.cutoff, r.supplement_policy, r.supplement_days, r.reminder_hours, 'civil_code',
       'Bộ luật Dân sự 2015, Điều 147–148: không tính ngày tiếp nhận; thời hạn kết thúc vào cuối giờ làm việc của ngày cuối cùng'
FROM rule_sets r ORDER BY r.effective_from DESC LIMIT 1;

-- A procedure's processing time: an amount in a unit, and its own afternoon cut-off
-- ('' = the rule set's, 'none' = none, 'HH:MM'). processing_days and day_kind stay for
-- older readers: the whole days the duration rounds up to.
ALTER TABLE procedures
    ADD COLUMN duration_amount numeric(6,2),
    ADD COLUMN duration_unit   text,
    ADD COLUMN cutoff          text NOT NULL DEFAULT ''
        CHECK (cutoff IN ('', 'none') OR cutoff ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');
UPDATE procedures SET duration_amount = processing_days,
    duration_unit = CASE day_kind WHEN 'calendar' THEN 'calendar_days' ELSE 'working_days' END;
ALTER TABLE procedures
    ALTER COLUMN duration_amount SET NOT NULL,
    ALTER COLUMN duration_unit SET NOT NULL,
    ADD CONSTRAINT procedures_duration CHECK (duration_amount >= 0 AND duration_amount <= 400
        AND duration_unit IN ('working_days', 'working_hours', 'calendar_days', 'same_day'));
