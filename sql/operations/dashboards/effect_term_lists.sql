-- The terms that define each effect category, by scope, for the category pages' legends.
select
    category,
    scope,
    list_sort(list(term)) as terms
from main.effect_terms
group by category, scope
order by category, scope;
