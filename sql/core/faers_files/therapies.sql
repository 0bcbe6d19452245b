-- faers_files.therapies: one row per therapy period of a drug of every case of
-- faers_files.cases, from the case set's case_therapies (the kept version's THER rows, exact
-- duplicates once). Grain: (caseid, drug_seq, start_date_raw, end_date_raw).
--
-- Rules:
--   which rows           therapies of the cases in faers_files.cases only;
--   quarter              the quarter of the case;
--   dates                start and end as the date (first day of the month or year when
--                        partial), its precision 'day', 'month' or 'year' (8, 6 or 4 digits
--                        reported) and the raw text; a date after the end of the quarter or
--                        before 1900 is NULL (raw kept);
--   duration             dur as a number (files_number), NULL when not one; duration_unit is
--                        dur_cod as a label: YR year, MON month, WK week, DAY day, HR hour,
--                        MIN minute, SEC second; another code -> NULL (duration_unit_code
--                        keeps it).
create or replace table faers_files.therapies as

with

cases as (
    select
        caseid,
        quarter
    from faers_files.cases
),

case_therapies as (
    select * from case_set.main.case_therapies
),

case_rows as (
    select
        cases.quarter as case_quarter,
        case_therapies.*
    from case_therapies
    join cases
        on case_therapies.caseid = cases.caseid
),

final as (
    select
        caseid,
        case_quarter as quarter,
        drug_seq,
        start_date,
        case start_date_precision
            when 8 then 'day'
            when 6 then 'month'
            when 4 then 'year'
        end as start_date_precision,
        start_date_raw,
        end_date,
        case end_date_precision
            when 8 then 'day'
            when 6 then 'month'
            when 4 then 'year'
        end as end_date_precision,
        end_date_raw,
        staging.files_number(duration) as duration,
        duration as duration_raw,
        case duration_unit
            when 'YR' then 'year'
            when 'MON' then 'month'
            when 'WK' then 'week'
            when 'DAY' then 'day'
            when 'HR' then 'hour'
            when 'MIN' then 'minute'
            when 'SEC' then 'second'
        end as duration_unit,
        duration_unit as duration_unit_code
    from case_rows
)

select * from final
order by caseid, drug_seq, start_date_raw;

comment on table faers_files.therapies is
    'One row per therapy period (THER row of the kept version) of a drug of every case in faers_files.cases, dates with their precision. A drug may have several periods.';
comment on column faers_files.therapies.caseid is 'The case (faers_files.cases.caseid).';
comment on column faers_files.therapies.quarter is 'Quarter (YYYYQn) of the case''s kept version.';
comment on column faers_files.therapies.drug_seq is 'The drug (faers_files.drugs.drug_seq of the same caseid).';
comment on column faers_files.therapies.start_date is 'Therapy start; first day of the month or year when partial (start_date_precision); NULL when missing or implausible (after its quarter, before 1900).';
comment on column faers_files.therapies.start_date_precision is '''day'', ''month'' or ''year'' (8, 6 or 4 digits reported); NULL when start_date is NULL.';
comment on column faers_files.therapies.start_date_raw is 'start_dt as reported.';
comment on column faers_files.therapies.end_date is 'Therapy end, same rules as start_date.';
comment on column faers_files.therapies.end_date_precision is '''day'', ''month'' or ''year'' for end_date; NULL when end_date is NULL.';
comment on column faers_files.therapies.end_date_raw is 'end_dt as reported.';
comment on column faers_files.therapies.duration is 'Therapy duration as a number, in duration_unit; NULL when missing or not a plain number.';
comment on column faers_files.therapies.duration_raw is 'dur as reported.';
comment on column faers_files.therapies.duration_unit is 'Unit of duration: ''year'' (YR), ''month'' (MON), ''week'' (WK), ''day'' (DAY), ''hour'' (HR), ''minute'' (MIN), ''second'' (SEC); NULL for another code.';
comment on column faers_files.therapies.duration_unit_code is 'dur_cod as reported, upper-cased.';
