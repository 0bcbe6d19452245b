-- depends_on: int_drug_summaries
-- main.drugs, second step: keep the drug entries of cleaned reports only.
--
-- drugs.sql wrote the entries of every staged record, before int_record_fates decided which
-- records are kept. This deletes the entries of the quarantined records (their records are
-- in main.quarantine, verbatim) and drops the two build-only columns, raw_rowid and
-- element_json_type, so main.drugs holds exactly what its header promises. Quarantined
-- records are few (superseded versions, broken records), so the delete is small.
delete from main.drugs
where raw_rowid in (
    select raw_rowid
    from staging.int_record_fates
    where reason is not null
);

alter table main.drugs drop column raw_rowid;

alter table main.drugs drop column element_json_type;
