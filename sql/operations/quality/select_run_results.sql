-- The stored results of one suite ($suite) in one validation run ($run_id), to reuse them for
-- identical data: the table, then the fields of an ExpectationResult after its suite.
select
    table_name,
    expectation,
    column_name,
    success,
    observed_value,
    severity,
    details,
    description,
    expectation_id
from data_quality
where run_id = $run_id
    and suite = $suite
order by expectation_id
