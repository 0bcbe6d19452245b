-- Serious reports with a dissociation term, newest first.
-- The dissociation terms are a literal list here (MedDRA PTs 'Dissociation' and
-- 'Dissociative disorder'); the effect categories of the marts refine this. Probable
-- duplicates are left out.
with
dissociation as (
    select
        safetyreportid,
        list(distinct term order by term) as terms
    from main.reactions
    where term in ('Dissociation', 'Dissociative disorder')
    group by safetyreportid
)
select
    reports.safetyreportid,
    reports.receive_date,
    reports.products,
    reports.sex,
    reports.age_years,
    reports.seriousness_death,
    reports.seriousness_hospitalization,
    dissociation.terms
from main.reports as reports
inner join dissociation
    on reports.safetyreportid = dissociation.safetyreportid
where reports.serious
    and not reports.is_probable_duplicate
order by reports.receive_date desc, reports.safetyreportid;
