-- staging.ref_meddra_pt_case: MedDRA preferred terms whose own spelling is not sentence case
-- (acronyms, eponyms, units), so that an upper-case report term can be given MedDRA's case.
-- The clean build attaches the build-only `staging` database first
-- (sql/operations/clean/attach_staging.sql).
-- Source: reference/meddra_pt_case.csv (the runner binds its path as $csv_path).
-- term_key is the upper-case form used for matching.
create or replace table staging.ref_meddra_pt_case as
select
    upper(term) as term_key,
    term
from read_csv(
    $csv_path,
    header = true,
    columns = {'term': 'VARCHAR', 'note': 'VARCHAR'}
);
