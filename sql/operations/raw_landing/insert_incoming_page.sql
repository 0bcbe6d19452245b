-- Stage one openFDA page: every element of `results`, verbatim, in the order openFDA sent it.
-- $1 page body (JSON text), $2 record_seq offset (records already staged for the quarter).
insert into incoming_records (record_seq, safetyreportid, record)
select
    $2 + cast(page.key as integer) + 1         as record_seq,
    page.value ->> 'safetyreportid'            as safetyreportid,
    page.value                                 as record
from json_each(cast($1 as json), '$.results') as page
