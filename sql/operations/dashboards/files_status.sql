-- The files source in one row, for the dashboards' data status: quarters landed, and the
-- cases of faers_files.cases (latest version, FDA's deleted cases removed) by product.
with

quarters as (
    select
        count(*) as quarters,
        min(quarter) as first_quarter,
        max(quarter) as last_quarter
    from faers_files.quarters
),

cases as (
    select
        count(*) as cases,
        count(*) filter (where products = 'ketamine') as ketamine_only,
        count(*) filter (where products = 'esketamine') as esketamine_only,
        count(*) filter (where products = 'ketamine+esketamine') as both_products,
        count(*) filter (where is_probable_duplicate) as probable_duplicates
    from faers_files.cases
)

select
    quarters.quarters,
    quarters.first_quarter,
    quarters.last_quarter,
    cases.cases,
    cases.ketamine_only,
    cases.esketamine_only,
    cases.both_products,
    cases.probable_duplicates
from quarters, cases;
