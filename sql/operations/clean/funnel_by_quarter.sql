-- The clean funnel per quarter (ketamine_faers.clean_model.count_funnel): raw records in,
-- reports, quarantine rows (and the superseded among them), drug and reaction rows and
-- probable duplicates out. Counted from the tables themselves, after the build, so the
-- reconciliation raw = reports + quarantined checks what was written, not what was meant.
with

raw_counts as (
    select quarter, count(*) as n
    from raw.raw_records
    group by quarter
),

report_counts as (
    select
        quarter,
        count(*) as n,
        count(*) filter (where is_probable_duplicate) as duplicates
    from main.reports
    group by quarter
),

quarantine_counts as (
    select
        quarter,
        count(*) as n,
        count(*) filter (where reason_code = 'superseded') as superseded
    from main.quarantine
    group by quarter
),

drug_counts as (
    select quarter, count(*) as n
    from main.drugs
    group by quarter
),

reaction_counts as (
    select quarter, count(*) as n
    from main.reactions
    group by quarter
),

quarters as (
    select quarter from raw_counts
    union
    select quarter from report_counts
    union
    select quarter from quarantine_counts
)

select
    quarters.quarter,
    coalesce(raw_counts.n, 0) as raw_records,
    coalesce(report_counts.n, 0) as reports,
    coalesce(quarantine_counts.n, 0) as quarantined,
    coalesce(quarantine_counts.superseded, 0) as superseded,
    coalesce(drug_counts.n, 0) as drugs,
    coalesce(reaction_counts.n, 0) as reactions,
    coalesce(report_counts.duplicates, 0) as probable_duplicates
from quarters
left join raw_counts using (quarter)
left join report_counts using (quarter)
left join quarantine_counts using (quarter)
left join drug_counts using (quarter)
left join reaction_counts using (quarter)
order by quarters.quarter
