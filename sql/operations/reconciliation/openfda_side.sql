-- openFDA's side of main.source_reconciliation when the build holds openFDA's tables: views,
-- in the build-only `staging` catalog, over the columns the reconciliation reads from
-- main.reports, main.quarantine and main.source_fetches (empty_openfda_side.sql makes the
-- same relations, empty, for a build without them).
create or replace view staging.openfda_side_reports as
select
    safetyreportid,
    safetyreportversion,
    receive_date,
    products
from main.reports;

create or replace view staging.openfda_side_quarantine as
select
    safetyreportid,
    reason_code,
    record
from main.quarantine;

create or replace view staging.openfda_side_fetches as
select source_last_updated
from main.source_fetches;
