-- The stored state of one stage ($stage), if any.
select fingerprint, run_id, built_at, depends_on, details
from build_state.stages
where stage = $stage
