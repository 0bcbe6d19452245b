-- staging.int_files_case_demographics: one row per kept case (the 'kept' version of
-- int_files_version_fates), its DEMO fields (read by line from stg_faers_files__demo)
-- normalised; main.cases adds the duplicate flags.
--
-- Rules (sql/macros/faers_files_macros.sql; notes §3.3, §3.8, §3.9, §5.3):
--   age in years     files_age_years: DEC = 10 years, YR, MON, WK, DY, HR; an unknown unit or
--                    more than 120 years -> NULL (age and age_cod keep the reported values);
--   sex              'F' or 'M', anything else NULL (sex_code keeps the reported value);
--   weight in kg     files_weight_kg: KG/KGS, LBS, GMS; 0 or more than 650 kg -> NULL;
--   event date       the parsed date and its precision 8 (day), 6 (month) or 4 (year),
--                    a partial date on the first of its month or year; NULL when after the
--                    end of the quarter or before 1900 (event_dt_raw keeps the text);
--   first received   init_fda_dt, else fda_dt (legacy rows have no init_fda_dt);
--   countries        reporter_country and occr_country as ISO 3166-1 alpha-2 codes: a known
--                    code as is, a legacy full name ('UNITED STATES') through its spelling in
--                    files_countries(); FDA's fillers ('COUNTRY NOT SPECIFIED', 'A1') and
--                    unknown values -> NULL; country_code is the occurrence country, else the
--                    reporter's (the peers' choice, notes §5.6);
--   labels           report type (rept_cod) and reporter occupation (occp_cod; OT and HP
--                    both 'other health professional') as labels, the codes kept beside them.
create or replace table staging.int_files_case_demographics as

with

kept as (
    select
        quarter,
        file_name,
        line_no,
        caseid
    from staging.int_files_version_fates
    where fate = 'kept'
),

versions_per_case as (
    select
        caseid,
        count(*) as versions_read
    from staging.int_files_version_fates
    where caseid is not null
    group by caseid
),

demo as (
    select * from staging.stg_faers_files__demo
),

countries as (
    select
        code,
        label,
        spelling
    from staging.files_countries()
),

country_codes as (
    select distinct
        code,
        label
    from countries
),

kept_demo as (
    select
        demo.*,
        versions_per_case.versions_read
    from kept
    join demo
        on kept.quarter = demo.quarter
        and kept.file_name = demo.file_name
        and kept.line_no = demo.line_no
    join versions_per_case
        on kept.caseid = versions_per_case.caseid
),

country_keys as (
    select
        *,
        case
            when not staging.files_country_filler(reporter_country)
                then upper(reporter_country)
        end as reporter_country_key,
        case
            when not staging.files_country_filler(occr_country) then upper(occr_country)
        end as occurrence_country_key
    from kept_demo
),

with_countries as (
    select
        country_keys.*,
        coalesce(reporter_by_code.code, reporter_by_name.code) as reporter_country_code,
        coalesce(occurrence_by_code.code, occurrence_by_name.code) as occurrence_country_code
    from country_keys
    left join country_codes as reporter_by_code
        on country_keys.reporter_country_key = reporter_by_code.code
    left join countries as reporter_by_name
        on country_keys.reporter_country_key = reporter_by_name.spelling
    left join country_codes as occurrence_by_code
        on country_keys.occurrence_country_key = occurrence_by_code.code
    left join countries as occurrence_by_name
        on country_keys.occurrence_country_key = occurrence_by_name.spelling
),

normalised as (
    select
        caseid,
        primaryid,
        caseversion,
        quarter,
        era,
        upper(i_f_cod) as i_f_cod,
        event_dt as event_date,
        event_dt_precision as event_date_precision,
        event_dt_raw,
        coalesce(init_fda_dt, fda_dt) as first_received,
        init_fda_dt as init_fda_date,
        fda_dt as fda_date,
        mfr_dt as mfr_date,
        rept_dt as report_date,
        upper(rept_cod) as report_type_code,
        staging.files_report_type(rept_cod) as report_type,
        auth_num,
        mfr_num,
        mfr_sndr,
        lit_ref,
        age,
        upper(age_cod) as age_cod,
        staging.files_age_years(age, age_cod) as age_years,
        upper(age_grp) as age_group_code,
        sex as sex_code,
        staging.files_sex(sex) as sex,
        wt,
        upper(wt_cod) as wt_cod,
        staging.files_weight_kg(wt, wt_cod) as weight_kg,
        upper(e_sub) as e_sub,
        upper(to_mfr) as to_mfr,
        upper(occp_cod) as occupation_code,
        staging.files_occupation(occp_cod) as occupation,
        reporter_country as reporter_country_raw,
        reporter_country_code,
        occr_country as occurrence_country_raw,
        occurrence_country_code,
        coalesce(occurrence_country_code, reporter_country_code) as country_code,
        death_dt as death_date,
        upper(confid) as confid,
        versions_read
    from with_countries
),

labelled as (
    select
        normalised.*,
        country_codes.label as country
    from normalised
    left join country_codes
        on normalised.country_code = country_codes.code
),

final as (
    select * from labelled
)

select * from final;
