-- Write the add into the case set (run in one transaction: ketamine_faers/case_set_increment.py
-- commits only when the funnel still reconciles). Each table loses the rows of the cases the
-- add recomputed and gets their new rows, made in `main` by the same model files as a full
-- build; the state gets the new quarters' rows. Columns are matched by name.
delete from case_set.increment.versions as built
using replaced_versions as replaced
where built.quarter = replaced.quarter
    and built.file_name = replaced.file_name
    and built.line_no = replaced.line_no;
insert into case_set.increment.versions by name from new_fates;

insert into case_set.increment.deleted_listings by name from new_listings;
insert into case_set.increment.quarter_rows by name from new_quarter_rows;

delete from case_set.increment.case_keys where caseid in (select caseid from affected_cases);
insert into case_set.increment.case_keys by name from new_case_keys;

delete from case_set.increment.match_keys where caseid in (select caseid from affected_cases);
insert into case_set.increment.match_keys by name from new_match_keys;

insert into case_set.increment.quarters
select
    quarter,
    zip_name,
    sha256,
    landed_at
from landed.landed_zips
where quarter in (select quarter from landing.new_quarters);

delete from case_set.main.cases
where caseid in (select caseid from affected_cases union select caseid from regrouped_cases);
insert into case_set.main.cases by name from main.cases;

delete from case_set.main.case_drugs where caseid in (select caseid from affected_cases);
insert into case_set.main.case_drugs by name from main.case_drugs;

delete from case_set.main.case_reactions where caseid in (select caseid from affected_cases);
insert into case_set.main.case_reactions by name from main.case_reactions;

delete from case_set.main.case_outcomes where caseid in (select caseid from affected_cases);
insert into case_set.main.case_outcomes by name from main.case_outcomes;

delete from case_set.main.case_therapies where caseid in (select caseid from affected_cases);
insert into case_set.main.case_therapies by name from main.case_therapies;

delete from case_set.main.case_indications where caseid in (select caseid from affected_cases);
insert into case_set.main.case_indications by name from main.case_indications;

delete from case_set.main.case_report_sources where caseid in (select caseid from affected_cases);
insert into case_set.main.case_report_sources by name from main.case_report_sources;

delete from case_set.main.deleted_cases where caseid in (select caseid from affected_cases);
insert into case_set.main.deleted_cases by name from main.deleted_cases;

delete from case_set.main.funnel;
insert into case_set.main.funnel by name from main.funnel;
