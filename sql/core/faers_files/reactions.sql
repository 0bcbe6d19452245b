-- faers_files.reactions: one row per reaction term of every case of faers_files.cases, from
-- the case set's case_reactions (the kept version's REAC rows, exact duplicates once).
-- Grain: (caseid, term).
--
-- Rules:
--   which rows           reactions of the cases in faers_files.cases only;
--   quarter              the quarter of the case;
--   MedDRA case          term is the MedDRA preferred term in MedDRA's own case, whatever
--                        case the file used (legacy files are upper case): the rule of
--                        openFDA's main.reactions, for each term_key (upper case):
--                        1. the spelling in reference/meddra_pt_case.csv (acronyms,
--                           eponyms: COVID-19, HIV infection);
--                        2. else the mixed-case spelling the whole case set uses most often
--                           (ties to the alphabetically first);
--                        3. else sentence case. term_raw keeps the reported text.
create or replace table faers_files.reactions as

with

cases as (
    select
        caseid,
        quarter
    from faers_files.cases
),

case_reactions as (
    select * from case_set.main.case_reactions
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
        arg_max(term, (uses, -rank_alphabetical)) as term
    from (
        select
            term_key,
            term,
            count(*) as uses,
            row_number() over (partition by term_key order by term) as rank_alphabetical
        from case_reactions
        where term <> upper(term)
            and term <> lower(term)
        group by term_key, term
    )
    group by term_key
),

case_rows as (
    select
        case_reactions.caseid,
        cases.quarter,
        case_reactions.term as term_raw,
        case_reactions.term_key,
        case_reactions.drug_rec_act
    from case_reactions
    join cases
        on case_reactions.caseid = cases.caseid
),

final as (
    select
        case_rows.caseid,
        case_rows.quarter,
        coalesce(
            reference_spellings.term,
            observed_spellings.term,
            upper(left(case_rows.term_raw, 1)) || lower(substr(case_rows.term_raw, 2))
        ) as term,
        case_rows.term_raw,
        case_rows.term_key,
        case_rows.drug_rec_act
    from case_rows
    left join reference_spellings
        on case_rows.term_key = reference_spellings.term_key
    left join observed_spellings
        on case_rows.term_key = observed_spellings.term_key
)

select * from final
order by caseid, term_key;

comment on table faers_files.reactions is
    'One row per reaction term (REAC row of the kept version, exact duplicate lines once) of every case in faers_files.cases. Counts are reports, not incidence. Rules: docs/faers-files-dedup.md.';
comment on column faers_files.reactions.caseid is 'The case (faers_files.cases.caseid).';
comment on column faers_files.reactions.quarter is 'Quarter (YYYYQn) of the case''s kept version.';
comment on column faers_files.reactions.term is 'MedDRA preferred term in MedDRA''s own case (''BLOOD PRESSURE INCREASED'' -> ''Blood pressure increased''): reference spelling, else the case set''s most used mixed-case spelling, else sentence case.';
comment on column faers_files.reactions.term_raw is 'pt as reported, trimmed and whitespace-collapsed.';
comment on column faers_files.reactions.term_key is 'term upper-cased: the key terms are compared and counted by.';
comment on column faers_files.reactions.drug_rec_act is 'drug_rec_act as reported, upper-cased (2014Q3 on): the reaction recurred on readministration; NULL in older files.';
