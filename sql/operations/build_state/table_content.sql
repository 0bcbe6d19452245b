-- A cheap digest of one table's whole content ($table_name, e.g. main.reports or
-- raw.raw_records): its row count and the sum of every row's hash (order-independent; a
-- changed, added or removed row changes it). One scan; milliseconds per 100,000 rows.
select
    count(*)                    as row_count,
    sum(hash(t)::hugeint)::text as hash_sum
from query_table($table_name) as t
