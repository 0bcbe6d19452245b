-- report_exposures: one row per report, product and exposure definition, the common base of
-- every effect mart and of the signals.
--
-- Rules
--   * exposure 'any role': the product is in reports.products (suspect, concomitant or
--     interacting), i.e. the report names it anywhere.
--   * exposure 'suspect only': the report has a drug entry of that product with role
--     'suspect' (drugs.role). A report can be in both rows of a product.
--   * Probable duplicates are kept here and flagged; the marts leave them out, the signals use
--     them only to remove every product report from the comparator (see int_signal_counts.sql).

create or replace table report_exposures as
with

reports as (
    select
        safetyreportid,
        quarter,
        products,
        coalesce(is_probable_duplicate, false) as is_probable_duplicate
    from main.reports
),

drugs as (
    select
        safetyreportid,
        product,
        role
    from main.drugs
),

any_role as (
    select distinct
        safetyreportid,
        unnest(products) as product,
        'any role' as exposure
    from reports
),

suspect_only as (
    select distinct
        safetyreportid,
        product,
        'suspect only' as exposure
    from drugs
    where role = 'suspect'
      and product is not null
),

exposures as (
    select safetyreportid, product, exposure from any_role
    union
    select safetyreportid, product, exposure from suspect_only
),

final as (
    select
        exposures.safetyreportid,
        exposures.product,
        exposures.exposure,
        reports.quarter,
        reports.is_probable_duplicate
    from exposures
    inner join reports on reports.safetyreportid = exposures.safetyreportid
    where exposures.product is not null
)

select
    safetyreportid,
    product,
    exposure,
    quarter,
    is_probable_duplicate
from final
order by safetyreportid, product, exposure;

comment on table report_exposures is 'One row per report, product (ketamine/esketamine) and exposure (''any role'': the report names the product in any role; ''suspect only'': the product is a suspect drug on the report). Key: safetyreportid, product, exposure.';
comment on column report_exposures.safetyreportid is 'FAERS case id (reports.safetyreportid).';
comment on column report_exposures.product is 'ketamine or esketamine (never merged).';
comment on column report_exposures.exposure is '''any role'' (product in reports.products) or ''suspect only'' (a drugs row of the product with role suspect).';
comment on column report_exposures.quarter is 'Quarter of receivedate, e.g. ''2021Q1''.';
comment on column report_exposures.is_probable_duplicate is 'reports.is_probable_duplicate (NULL read as false); marts leave these reports out.';
