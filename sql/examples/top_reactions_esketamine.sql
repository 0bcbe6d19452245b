-- Top 20 reaction terms on reports where esketamine is a suspect drug.
-- One count per report and term (a term listed twice on a report counts once), probable
-- duplicates left out. Terms are MedDRA preferred terms in MedDRA's own case.
with
esketamine_suspect as (
    select distinct safetyreportid
    from main.drugs
    where product = 'esketamine'
        and role = 'suspect'
)
select
    reactions.term,
    count(distinct reactions.safetyreportid) as reports
from main.reactions as reactions
inner join esketamine_suspect
    on reactions.safetyreportid = esketamine_suspect.safetyreportid
inner join main.reports as reports
    on reactions.safetyreportid = reports.safetyreportid
where not reports.is_probable_duplicate
    and reactions.term is not null
group by reactions.term
order by reports desc, reactions.term
limit 20;
