-- staging.ref_e2b_routes: the E2B(R2) route-of-administration codes and their labels.
--
-- The clean build attaches the build-only `staging` database first
-- (sql/operations/clean/attach_staging.sql).
-- Source: reference/e2b_routes.csv (the runner binds its path as $csv_path), transcribed from
-- FDA's field definitions (open.fda.gov src/constants/fields/drugevent.yaml,
-- patient.drug.drugadministrationroute). route_label is FDA's label in lower case with one
-- spelling fixed (057 'Sunconjunctival' -> 'subconjunctival'); fda_label keeps FDA's text.
create or replace table staging.ref_e2b_routes as
select
    route_code,
    route_label,
    fda_label
from read_csv(
    $csv_path,
    header = true,
    columns = {'route_code': 'VARCHAR', 'route_label': 'VARCHAR', 'fda_label': 'VARCHAR'}
);
