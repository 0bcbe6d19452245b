-- staging.int_files_case_keys: per kept case, the fields probable duplicates are matched on
-- (docs/faers-files-dedup.md; notes §5.6). Read by int_files_duplicate_links.
--
-- Rules:
--   manufacturer key   upper(trim(mfr_sndr)) and upper(trim(mfr_num)) joined; NULL when
--                      either is empty (direct reports have none, and are never linked so);
--   drug set           the sorted distinct ingredients of all the case's drugs, all roles
--                      (main.case_drugs.ingredients: prod_ai, else drugname); NULL when none;
--   reaction set       the sorted distinct upper-cased terms (main.case_reactions.term_key);
--                      NULL when none;
--   event key          the event date as precise as reported: YYYYMMDD, YYYYMM or YYYY, so a
--                      partial date matches the same partial date only; NULL when missing or
--                      implausible;
--   age key            age in years rounded to one decimal (45 YR, 540 MON and 16436 DY all
--                      give 45.0);
--   sex, country       'F'/'M' and the ISO code of the occurrence, else reporter, country.
create or replace table staging.int_files_case_keys as

with

demographics as (
    select
        caseid,
        first_received,
        event_date,
        event_date_precision,
        age_years,
        sex,
        country_code,
        mfr_num,
        mfr_sndr
    from staging.int_files_case_demographics
),

drug_sets as (
    select
        caseid,
        list_sort(list_distinct(flatten(list(ingredients)))) as drug_set
    from main.case_drugs
    group by caseid
),

reaction_sets as (
    select
        caseid,
        list_sort(list_distinct(list(term_key))) as reaction_set
    from main.case_reactions
    group by caseid
),

keyed as (
    select
        demographics.caseid,
        demographics.first_received,
        case
            when nullif(upper(trim(demographics.mfr_sndr)), '') is not null
                and nullif(upper(trim(demographics.mfr_num)), '') is not null
                then upper(trim(demographics.mfr_sndr)) || ' | ' || upper(trim(demographics.mfr_num))
        end as manufacturer_key,
        case when len(drug_sets.drug_set) > 0 then drug_sets.drug_set end as drug_set,
        case
            when len(reaction_sets.reaction_set) > 0 then reaction_sets.reaction_set
        end as reaction_set,
        left(
            strftime(demographics.event_date, '%Y%m%d'), demographics.event_date_precision
        ) as event_key,
        round(demographics.age_years, 1) as age_key,
        demographics.age_years,
        demographics.sex,
        demographics.country_code
    from demographics
    left join drug_sets
        on demographics.caseid = drug_sets.caseid
    left join reaction_sets
        on demographics.caseid = reaction_sets.caseid
),

final as (
    select * from keyed
)

select * from final;
