-- Append one run's results (the frame registered as quality_incoming_results).
insert into data_quality (
    run_id,
    validated_at,
    suite,
    table_name,
    expectation,
    column_name,
    success,
    observed_value,
    severity,
    details,
    description,
    expectation_id
)
select
    run_id,
    validated_at,
    suite,
    table_name,
    expectation,
    column_name,
    success,
    observed_value,
    severity,
    details,
    description,
    expectation_id
from quality_incoming_results
