-- Quarantine rows per reason code (ketamine_faers.clean_model.count_funnel), for the clean
-- asset's metadata.
select
    reason_code,
    count(*) as records
from main.quarantine
group by reason_code
order by reason_code
