-- The latest serious reports of each effect category, per product, exposure and scope: the
-- rows of the category pages' report tables.
--
-- Rules
--   * A report is in the table of a product and exposure when report_exposures says so, in a
--     category's narrow scope when effect_reports.narrow, in its broad scope always.
--   * Serious = reports.serious; probable duplicates are left out, as in the marts.
--   * Newest receive_date first (ties: highest safetyreportid), $per_group rows per group.
--   * terms: the category's terms of the report in that scope; drugs: every drug entry of the
--     report in drug_seq order, name as reported (medicinal_product) and role.
with

exposures as (
    select
        safetyreportid,
        product,
        exposure
    from main.report_exposures
    where not is_probable_duplicate
),

effect_reports as (
    select
        safetyreportid,
        category,
        narrow,
        terms,
        narrow_terms,
        receive_date,
        serious
    from main.effect_reports
    where serious
),

scoped as (
    select safetyreportid, category, 'broad' as scope, terms, receive_date
    from effect_reports
    union all
    select safetyreportid, category, 'narrow' as scope, narrow_terms as terms, receive_date
    from effect_reports
    where narrow
),

ranked as (
    select
        exposures.product,
        exposures.exposure,
        scoped.category,
        scoped.scope,
        scoped.safetyreportid,
        scoped.receive_date,
        scoped.terms
    from scoped
    inner join exposures on exposures.safetyreportid = scoped.safetyreportid
    qualify row_number() over (
        partition by exposures.product, exposures.exposure, scoped.category, scoped.scope
        order by scoped.receive_date desc, scoped.safetyreportid desc
    ) <= $per_group
),

report_drugs as (
    select
        drugs.safetyreportid,
        list(
            {'name': drugs.medicinal_product, 'role': drugs.role, 'product': drugs.product}
            order by drugs.drug_seq
        ) as drugs
    from main.drugs as drugs
    semi join ranked on ranked.safetyreportid = drugs.safetyreportid
    group by drugs.safetyreportid
),

final as (
    select
        ranked.product,
        ranked.exposure,
        ranked.category,
        ranked.scope,
        ranked.safetyreportid,
        ranked.receive_date,
        ranked.terms,
        coalesce(report_drugs.drugs, []) as drugs
    from ranked
    left join report_drugs on report_drugs.safetyreportid = ranked.safetyreportid
)

select
    product,
    exposure,
    category,
    scope,
    safetyreportid,
    receive_date,
    terms,
    drugs
from final
order by product, exposure, category, scope, receive_date desc, safetyreportid desc;
