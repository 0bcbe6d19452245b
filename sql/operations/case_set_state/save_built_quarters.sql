-- The landed quarters a full build read, as the landing's record of landed zips names them
-- (landing.landed_zips: a quarter landed again gets a new landed_at): the incremental add
-- applies only while these are unchanged (ketamine_faers/case_set_update.py).
insert into increment.quarters
select
    quarter,
    zip_name,
    sha256,
    landed_at
from landing.landed_zips;
