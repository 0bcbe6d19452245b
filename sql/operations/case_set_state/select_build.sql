-- The format of the case set's private state and the digest of the code that built it
-- (case_set_state.read_built).
select
    format,
    code_digest
from case_set.increment.build;
