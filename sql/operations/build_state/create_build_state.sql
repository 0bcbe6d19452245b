-- Private book-keeping of the incremental build (ketamine_faers/build_state.py): per stage of
-- the build database, the fingerprint of the inputs its tables were last built from. A stage
-- whose stored fingerprint equals the current one is skipped. Schema build_state is dropped
-- from the published copy (ketamine_faers.publish.PRIVATE_SCHEMAS): analysts never see it.
create schema if not exists build_state;

create table if not exists build_state.stages (
    stage       varchar   primary key,  -- 'clean', 'effects', 'gx/<suite>'
    fingerprint varchar   not null,     -- sha256 of everything the stage's output depends on
    run_id      varchar   not null,     -- the Dagster run that built or validated it
    built_at    timestamp not null,     -- UTC, when the stage finished
    depends_on  varchar[] not null,     -- stages whose rebuild invalidates this one
    details     json                    -- e.g. the validated row count of a suite
);
