-- main.reactions: one row per reaction term (patient.reaction element) of every cleaned report.
-- Grain: (safetyreportid, reaction_seq).
--
-- Rules applied (docs/cleaning-rules.md):
--   MedDRA case   term is the MedDRA preferred term in MedDRA's own case, whatever case the
--                 report used. Older reports send 'BLOOD PRESSURE INCREASED', newer ones
--                 'Blood pressure increased'. For each term (compared in upper case, spaces
--                 trimmed and collapsed):
--                 1. the spelling in reference/meddra_pt_case.csv, for the preferred terms
--                    whose MedDRA case is not sentence case (COVID-19, HIV infection,
--                    Electrocardiogram QT prolonged, Parkinson's disease, ...);
--                 2. else the mixed-case spelling the cleaned reports use most often (newer
--                    reports carry MedDRA's own case, acronyms included; ties go to the
--                    alphabetically first spelling);
--                 3. else sentence case: first letter upper, the rest lower.
--                 Limitation: an acronym or eponym term seen only in upper case and missing
--                 from the reference list gets sentence case ('Hiv ...'); term_raw keeps it.
--   outcome       reactionoutcome 1 recovered/resolved, 2 recovering/resolving,
--                 3 not recovered/not resolved, 4 recovered/resolved with sequelae, 5 fatal,
--                 6 unknown; missing or another code -> NULL (outcome_code keeps it).
create or replace table main.reactions as

with

kept as (
    select
        raw_rowid,
        quarter,
        safetyreportid
    from staging.int_record_fates
    where reason is null
),

reactions as (
    select
        kept.safetyreportid,
        kept.quarter,
        stg.reaction_seq,
        stg.reactionmeddrapt as term_raw,
        nullif(trim(stg.reactionmeddraversionpt), '') as meddra_version,
        nullif(trim(stg.reactionoutcome_code), '') as outcome_code
    from staging.stg_openfda__reactions as stg
    inner join kept
        on stg.raw_rowid = kept.raw_rowid
),

-- The case rule works on the distinct spellings as reported (a few thousand in millions of
-- rows), then every row takes its term from that small map.
reported_terms as (
    select
        term_raw,
        count(*) as uses
    from reactions
    where term_raw is not null
    group by term_raw
),

keyed_terms as (
    select
        term_raw,
        uses,
        staging.term_clean(term_raw) as term_clean,
        upper(staging.term_clean(term_raw)) as term_key
    from reported_terms
),

reference_spellings as (
    select
        term_key,
        term
    from staging.ref_meddra_pt_case
),

observed_spellings as (
    select
        term_key,
        arg_max(term_clean, (uses, -rank_alphabetical)) as term
    from (
        select
            term_key,
            term_clean,
            sum(uses) as uses,
            row_number() over (partition by term_key order by term_clean) as rank_alphabetical
        from keyed_terms
        where term_clean <> upper(term_clean)
            and term_clean <> lower(term_clean)
        group by term_key, term_clean
    )
    group by term_key
),

term_map as (
    select
        keyed_terms.term_raw,
        coalesce(
            reference_spellings.term,
            observed_spellings.term,
            upper(left(keyed_terms.term_clean, 1)) || lower(substr(keyed_terms.term_clean, 2))
        ) as term
    from keyed_terms
    left join reference_spellings
        on keyed_terms.term_key = reference_spellings.term_key
    left join observed_spellings
        on keyed_terms.term_key = observed_spellings.term_key
),

final as (
    select
        reactions.safetyreportid,
        reactions.reaction_seq,
        term_map.term,
        reactions.term_raw,
        reactions.meddra_version,
        case reactions.outcome_code
            when '1' then 'recovered/resolved'
            when '2' then 'recovering/resolving'
            when '3' then 'not recovered/not resolved'
            when '4' then 'recovered/resolved with sequelae'
            when '5' then 'fatal'
            when '6' then 'unknown'
        end as outcome,
        reactions.outcome_code,
        reactions.quarter
    from reactions
    left join term_map
        on reactions.term_raw = term_map.term_raw
)

select * from final;

comment on table main.reactions is
    'One row per reaction term (patient.reaction element) of every cleaned report. Key (safetyreportid, reaction_seq). Rules: docs/cleaning-rules.md.';
comment on column main.reactions.safetyreportid is
    'The report (main.reports.safetyreportid) this reaction belongs to.';
comment on column main.reactions.reaction_seq is
    '1-based position of the term in the report''s patient.reaction list.';
comment on column main.reactions.term is
    'MedDRA preferred term in MedDRA''s own case whatever case the report used (''BLOOD PRESSURE INCREASED'' -> ''Blood pressure increased''); NULL when the report gave no term. Rule meddra-case.';
comment on column main.reactions.term_raw is
    'reactionmeddrapt exactly as reported.';
comment on column main.reactions.meddra_version is
    'MedDRA version of the term (reactionmeddraversionpt, e.g. ''20.1''); present on newer reports only.';
comment on column main.reactions.outcome is
    'Outcome of the reaction at last observation: ''recovered/resolved'', ''recovering/resolving'', ''not recovered/not resolved'', ''recovered/resolved with sequelae'', ''fatal'', ''unknown''; NULL when not reported.';
comment on column main.reactions.outcome_code is
    'reactionoutcome as reported (1 to 6).';
comment on column main.reactions.quarter is
    'Quarter of the report (main.reports.quarter), for partition-wise work.';
