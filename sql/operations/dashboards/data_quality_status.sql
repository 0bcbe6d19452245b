-- The data quality of the published build: for each suite, the expectations of its latest
-- validation run (data_quality is appended run after run), passed or failed, with severity.
with

runs as (
    select
        suite,
        run_id,
        max(validated_at) as validated_at
    from main.data_quality
    group by suite, run_id
),

latest_runs as (
    select
        suite,
        run_id,
        validated_at
    from runs
    qualify row_number() over (partition by suite order by validated_at desc, run_id desc) = 1
),

final as (
    select
        data_quality.suite,
        data_quality.table_name,
        data_quality.expectation,
        data_quality.column_name,
        data_quality.success,
        data_quality.severity,
        data_quality.observed_value,
        latest_runs.validated_at
    from main.data_quality
    inner join latest_runs
        on latest_runs.suite = data_quality.suite
        and latest_runs.run_id = data_quality.run_id
)

select
    suite,
    table_name,
    expectation,
    column_name,
    success,
    severity,
    observed_value,
    validated_at
from final
order by success, severity, suite, expectation, column_name;
