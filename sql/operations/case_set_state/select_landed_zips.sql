-- The quarters the landing holds now, with the zip each was landed from and when
-- (case_set_state.read_landed).
select
    quarter,
    zip_name,
    sha256,
    landed_at
from landed.landed_zips
order by quarter;
