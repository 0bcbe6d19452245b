-- How the reports name ketamine and esketamine: every spelling of medicinal_product the
-- cleaning mapped to a product, with the number of reports using it (any role, probable
-- duplicates included: this is about names, not counts of cases).
select
    product,
    medicinal_product,
    count(distinct safetyreportid) as reports
from main.drugs
where product is not null
  and medicinal_product is not null
group by product, medicinal_product
order by product, reports desc, medicinal_product;
