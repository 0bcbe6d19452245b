-- faers_files.deleted_cases: one row per caseid on any of FDA's deleted-case lists of any
-- quarter (removed from every faers_files table), with which lists named it and whether a
-- landed version of it named ketamine or esketamine. Grain: caseid.
--
-- Rules:
--   every list           from the case set's deleted_cases: a caseid listed in any quarter's
--                        zip is removed in both eras, whenever it was published;
--   products             the target medicines any landed version of the case names, in any
--                        role, by the product rule of case_drugs (staging.target_product on
--                        drugname and prod_ai); the case set keeps no drugs of deleted cases,
--                        so they are read from the landing's DRUG rows (staging views) of
--                        the deleted cases' versions, joined on (primaryid, quarter) to the
--                        DEMO rows that carry the caseid (legacy DRUG rows have none);
--   is_target_case       true when products is not NULL: the case would have been in
--                        faers_files.cases had FDA not deleted it (or an older version of it
--                        named the product).
create or replace table faers_files.deleted_cases as

with

deleted_cases as (
    select * from case_set.main.deleted_cases
),

demo_rows as (
    select
        primaryid_text,
        quarter,
        caseid
    from staging.stg_faers_files__demo
    where caseid is not null
),

deleted_versions as (
    select distinct
        demo_rows.primaryid_text,
        demo_rows.quarter,
        demo_rows.caseid
    from demo_rows
    semi join deleted_cases
        on demo_rows.caseid = deleted_cases.caseid
),

drug_rows as (
    select
        primaryid_text,
        quarter,
        drugname,
        prod_ai
    from staging.stg_faers_files__drug
),

deleted_drugs as (
    select
        deleted_versions.caseid,
        staging.target_product(
            upper(concat_ws(' | ', drug_rows.drugname, drug_rows.prod_ai))
        ) as product
    from drug_rows
    join deleted_versions
        on drug_rows.primaryid_text = deleted_versions.primaryid_text
        and drug_rows.quarter = deleted_versions.quarter
),

deleted_products as (
    select
        caseid,
        bool_or(product = 'ketamine') as names_ketamine,
        bool_or(product = 'esketamine') as names_esketamine
    from deleted_drugs
    where product is not null
    group by caseid
),

final as (
    select
        deleted_cases.caseid,
        deleted_cases.listed_in,
        deleted_cases.first_listed_quarter,
        deleted_cases.versions_removed,
        deleted_cases.latest_primaryid,
        deleted_cases.latest_quarter,
        deleted_cases.latest_era,
        case
            when deleted_products.names_ketamine and deleted_products.names_esketamine
                then 'ketamine+esketamine'
            when deleted_products.names_ketamine then 'ketamine'
            when deleted_products.names_esketamine then 'esketamine'
        end as products,
        deleted_products.caseid is not null as is_target_case
    from deleted_cases
    left join deleted_products
        on deleted_cases.caseid = deleted_products.caseid
)

select * from final
order by caseid;

comment on table faers_files.deleted_cases is
    'One row per caseid on any of FDA''s deleted-case lists (any quarter, any drug): removed from every faers_files table, kept here for audit, with whether a landed version named ketamine or esketamine.';
comment on column faers_files.deleted_cases.caseid is 'The deleted case number.';
comment on column faers_files.deleted_cases.listed_in is 'Quarters (YYYYQn, sorted) whose zip listed the caseid as deleted.';
comment on column faers_files.deleted_cases.first_listed_quarter is 'First quarter that listed it.';
comment on column faers_files.deleted_cases.versions_removed is 'Distinct versions (DEMO rows) of the case the files held, all removed; 0 when none was landed.';
comment on column faers_files.deleted_cases.latest_primaryid is 'The version that would have been kept (FAERS primaryid or legacy ISR); NULL when none was landed.';
comment on column faers_files.deleted_cases.latest_quarter is 'Quarter of latest_primaryid.';
comment on column faers_files.deleted_cases.latest_era is '''aers'' or ''faers'': era of latest_primaryid.';
comment on column faers_files.deleted_cases.products is 'Target medicines any landed version of the case named, in any role: ''ketamine'', ''esketamine'', ''ketamine+esketamine''; NULL when none (or no version was landed).';
comment on column faers_files.deleted_cases.is_target_case is 'True when a landed version of the deleted case named ketamine or esketamine (products is not NULL).';
