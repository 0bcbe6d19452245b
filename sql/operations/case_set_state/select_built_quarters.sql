-- The landed quarters the case set holds, as the landing named them when they were read
-- (case_set_state.read_built).
select
    quarter,
    zip_name,
    sha256,
    landed_at
from case_set.increment.quarters
order by quarter;
