-- Reports per product and drug role.
-- openFDA cannot tie a role to a drug in a search, so a report is in the model when either
-- medicine appears in any role; this shows how often each medicine is the suspect, a
-- concomitant or an interacting drug. Probable duplicates are left out; a report listing a
-- product twice with the same role counts once.
select
    drugs.product,
    coalesce(drugs.role, 'not reported') as role,
    count(distinct drugs.safetyreportid) as reports
from main.drugs as drugs
inner join main.reports as reports
    on drugs.safetyreportid = reports.safetyreportid
where drugs.product is not null
    and not reports.is_probable_duplicate
group by drugs.product, coalesce(drugs.role, 'not reported')
order by drugs.product, reports desc, role;
