-- The loaded term list, as (category, term, scope), for the background searches.
select
    category,
    term,
    scope
from effect_terms
order by category, term;
