-- main.cases (case_set.duckdb): one row per kept case of the whole FAERS, both eras, all
-- drugs: the latest version of each caseid that no deleted-case list names, its DEMO fields
-- normalised, and its probable-duplicate flag. Grain: caseid.
--
-- Rules (docs/faers-files-dedup.md; the steps are the models this one reads):
--   one version per case   int_files_version_fates: exact duplicate rows once, a republished
--                          primaryid from its latest quarter, then per caseid the highest
--                          caseversion (as an integer), latest fda_dt, latest quarter,
--                          highest primaryid, FAERS before AERS;
--   deleted cases          removed (main.deleted_cases keeps them);
--   normalised fields      int_files_case_demographics: age in years, sex F/M, weight in kg,
--                          event date with precision, countries as ISO codes, labels;
--   probable duplicates    flagged, never removed (int_files_duplicate_groups):
--                          is_probable_duplicate is true for every case of a duplicate group
--                          but the copy kept, and probable_duplicate_of names that copy.
create or replace table main.cases as

with

demographics as (
    select * from staging.int_files_case_demographics
),

duplicate_groups as (
    select * from staging.int_files_duplicate_groups
),

flagged as (
    select
        demographics.*,
        coalesce(duplicate_groups.is_probable_duplicate, false) as is_probable_duplicate,
        duplicate_groups.probable_duplicate_of,
        duplicate_groups.duplicate_group,
        duplicate_groups.duplicate_group_size,
        duplicate_groups.duplicate_rules
    from demographics
    left join duplicate_groups
        on demographics.caseid = duplicate_groups.caseid
),

final as (
    select * from flagged
)

select * from final;

comment on table main.cases is
    'One row per kept case of the whole FAERS (AERS 2004Q1-2012Q3 and FAERS), all drugs: the latest version of each caseid on no deleted list, normalised, with its probable-duplicate flag. Rules: docs/faers-files-dedup.md.';
comment on column main.cases.caseid is 'FDA''s case number (legacy CASE and FAERS caseid share one number space).';
comment on column main.cases.primaryid is 'The kept version (legacy: ISR; FAERS: caseid followed by caseversion).';
comment on column main.cases.caseversion is 'Version of the kept report; NULL for legacy reports and non-integer values.';
comment on column main.cases.quarter is 'Quarter of the file the kept version was read from.';
comment on column main.cases.era is '''aers'' or ''faers'': the system of the kept version.';
comment on column main.cases.event_date is 'Date of the event; first of the month or year when partial (event_date_precision); NULL when missing or implausible (after its quarter, before 1900).';
comment on column main.cases.event_date_precision is '8 (day), 6 (month) or 4 (year); NULL when event_date is NULL. Legacy files padded partial dates, so they read as 8.';
comment on column main.cases.event_dt_raw is 'event_dt as reported.';
comment on column main.cases.first_received is 'Date FDA first received the case: init_fda_dt, else fda_dt.';
comment on column main.cases.report_type is 'rept_cod as a label: expedited (15-day), periodic, direct, 5-day, 30-day.';
comment on column main.cases.age_years is 'Age in years from age and age_cod (DEC = 10 years, YR, MON, WK, DY, HR); NULL for an unknown unit or above 120.';
comment on column main.cases.sex is '''F'' or ''M''; NULL otherwise (sex_code keeps the reported value).';
comment on column main.cases.weight_kg is 'Weight in kg from wt and wt_cod (KG/KGS, LBS, GMS); NULL for an unknown unit, 0 or above 650.';
comment on column main.cases.occupation is 'Reporter occupation (occp_cod) as a label; OT and HP are both other health professional.';
comment on column main.cases.country_code is 'ISO 3166-1 alpha-2 code of the occurrence country, else of the reporter country; NULL for FDA''s fillers and unknown names.';
comment on column main.cases.country is 'Label of country_code.';
comment on column main.cases.versions_read is 'How many distinct versions of this caseid the files held (all quarters, both eras).';
comment on column main.cases.is_probable_duplicate is 'True when another case is probably the same report and is the copy kept (flagged, never removed).';
comment on column main.cases.probable_duplicate_of is 'The caseid of the kept copy of this case''s duplicate group, when is_probable_duplicate.';
comment on column main.cases.duplicate_group is 'Lowest caseid of the duplicate group (transitive), NULL when linked to no other case.';
comment on column main.cases.duplicate_group_size is 'Cases in the duplicate group.';
comment on column main.cases.duplicate_rules is 'Rules that linked this case: ''manufacturer number'', ''case key''.';
