-- Record a stage as built from inputs with fingerprint $fingerprint (only after success).
insert or replace into build_state.stages
    (stage, fingerprint, run_id, built_at, depends_on, details)
values ($stage, $fingerprint, $run_id, $built_at, $depends_on, $details)
