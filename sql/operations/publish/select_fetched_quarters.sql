-- The quarters a database's openFDA data covers: one row per quarter of main.source_fetches.
-- A publish compares the new build's list with the published file's (coverage never shrinks).
select quarter
from main.source_fetches
order by quarter;
