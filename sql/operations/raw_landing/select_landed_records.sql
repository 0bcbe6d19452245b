-- Records landed per quarter, for the quarters asked about ($quarters, a list).
select
    quarter,
    records
from raw_fetches
where quarter in (select unnest($quarters::varchar[]));
