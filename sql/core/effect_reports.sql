-- effect_reports: one row per report and effect category it falls in (key: safetyreportid,
-- category), with the terms that put it there.
--
-- Rules
--   * A report falls in a category when one of its reactions matches a term of the category's
--     broad scope (narrow terms plus broad terms). `narrow` says whether a narrow term matched,
--     so the narrow scope is `where narrow`; one row per report and category keeps the key of
--     DESIGN.md while carrying both scopes.
--   * Matching is lower(trim(reactions.term)) = effect_terms.term_key: the whole term, case
--     folded, never a substring. 'BLOOD PRESSURE INCREASED' matches 'Blood pressure
--     increased'; 'Blood pressure decreased' and 'Transient global amnesia' match nothing.
--   * Terms are listed in MedDRA spelling (effect_terms.term), sorted, each once.
--   * Every clean report is considered, probable duplicates included (flagged); the marts
--     leave them out.

create or replace table effect_reports as
with

reports as (
    select
        safetyreportid,
        quarter,
        receive_date,
        serious,
        products,
        coalesce(is_probable_duplicate, false) as is_probable_duplicate
    from main.reports
),

reactions as (
    select
        safetyreportid,
        term
    from main.reactions
    where term is not null
),

drugs as (
    select
        safetyreportid,
        product,
        role
    from main.drugs
),

effect_terms as (
    select
        category,
        term,
        term_key,
        scope
    from main.effect_terms
),

matched_terms as (
    select distinct
        reactions.safetyreportid,
        effect_terms.category,
        effect_terms.term,
        effect_terms.scope
    from reactions
    inner join effect_terms on lower(trim(reactions.term)) = effect_terms.term_key
),

report_categories as (
    select
        safetyreportid,
        category,
        bool_or(scope = 'narrow') as narrow,
        list_sort(list(term)) as terms,
        list_sort(coalesce(list(term) filter (where scope = 'narrow'), [])) as narrow_terms
    from matched_terms
    group by safetyreportid, category
),

suspect_products as (
    select
        safetyreportid,
        list_sort(list(distinct product)) as suspect_products
    from drugs
    where role = 'suspect'
      and product is not null
    group by safetyreportid
),

final as (
    select
        report_categories.safetyreportid,
        report_categories.category,
        report_categories.narrow,
        report_categories.terms,
        report_categories.narrow_terms,
        reports.products,
        coalesce(suspect_products.suspect_products, []) as suspect_products,
        reports.quarter,
        reports.receive_date,
        reports.serious,
        reports.is_probable_duplicate
    from report_categories
    inner join reports on reports.safetyreportid = report_categories.safetyreportid
    left join suspect_products
        on suspect_products.safetyreportid = report_categories.safetyreportid
)

select
    safetyreportid,
    category,
    narrow,
    terms,
    narrow_terms,
    products,
    suspect_products,
    quarter,
    receive_date,
    serious,
    is_probable_duplicate
from final
order by safetyreportid, category;

comment on table effect_reports is 'One row per report and effect category it falls in (broad scope; narrow = true when a core term matched). Key: safetyreportid, category. Matching is on the whole MedDRA term, case-insensitive, never substrings.';
comment on column effect_reports.safetyreportid is 'FAERS case id (reports.safetyreportid).';
comment on column effect_reports.category is 'dissociation, hypertension or cognitive (effect_terms.category).';
comment on column effect_reports.narrow is 'True when at least one matching term is a narrow (core) term: the report is in the category''s narrow scope too.';
comment on column effect_reports.terms is 'Matching terms of the category (broad scope), MedDRA spelling, sorted.';
comment on column effect_reports.narrow_terms is 'The matching terms that are narrow (core) terms; empty when narrow is false.';
comment on column effect_reports.products is 'Products named on the report in any role (reports.products).';
comment on column effect_reports.suspect_products is 'Products that are a suspect drug on the report (drugs.role = ''suspect'').';
comment on column effect_reports.quarter is 'Quarter of receivedate, e.g. ''2021Q1''.';
comment on column effect_reports.receive_date is 'Date FDA first received the case (reports.receive_date).';
comment on column effect_reports.serious is 'reports.serious: the report was flagged serious.';
comment on column effect_reports.is_probable_duplicate is 'reports.is_probable_duplicate (NULL read as false); marts leave these reports out.';
