-- Macros naming the target medicine of a drug entry, shared by openFDA's main.drugs
-- (sql/core/drugs.sql) and the files source's case_drugs (sql/core/case_set/case_drugs.sql),
-- so both sources decide the product by one rule. They live in the build-only `staging`
-- database, so no published file carries them.
--
-- Rule "product identification" (docs/cleaning-rules.md#product-identification):
--   target_product(names) takes all of one drug entry's names, upper-cased and joined with
--   ' | ' by the caller, and returns 'esketamine', 'ketamine' or NULL:
--   1. 'esketamine' when any name matches, as a word (never inside another word):
--      ESKETAMIN*, SPRAVATO, KETANEST S / KETANEST-S, S-KETAMIN*, (S)-KETAMIN*, (S)KETAMIN*,
--      S(+)-KETAMIN*, (S)-(+)-KETAMIN*, (+)-KETAMIN*, KETAMIN* (S)- / KETAMIN*, (S)-;
--   2. else 'ketamine' when any name, after removing the R-enantiomer's names (ARKETAMINE,
--      R-KETAMIN*, (R)-KETAMIN*, (-)-KETAMIN*), matches as a word: KETAMIN* (KETAMINE,
--      KETAMINE HCL, KETAMINE HYDROCHLORIDE, KETAMINA, KETAMIN), KETALAR, KETANEST,
--      KETASET, KETAJECT, VETALAR;
--   3. else NULL.
--   Ketamine (the racemate) and esketamine (the S-enantiomer) are never merged. "As a word"
--   means the name starts at a word boundary (\b): KETOTIFEN, KETOROLAC, KETOCONAZOLE,
--   KETOPROFEN and ARKETAMINE never match, and ESKETAMINE is not read as KETAMINE. A
--   backslash-joined ingredient list (FAERS prod_ai 'KETAMINE\XYLAZINE') is read name by
--   name the same way, since a backslash is a word boundary. Only names containing KETA,
--   SPRAVATO or VETALAR reach the regular expressions (the others cannot match), which keeps
--   the rule cheap; the patterns are constants, compiled once.
create or replace macro staging.target_product(names) as
    case
        when not (
            contains(names, 'KETA')
            or contains(names, 'SPRAVATO')
            or contains(names, 'VETALAR')
        ) then null
        when regexp_matches(
            names,
            '\bESKETAMIN|\bSPRAVATO\b|\bKETANEST[ -]*S\b|\bS-KETAMIN|\bS ?\(\+\)[ -]*KETAMIN'
            || '|\(S\)[ -]*(\(\+\)[ -]*)?KETAMIN|\(\+\)[ -]*KETAMIN'
            || '|\bKETAMIN[A-Z ]*,? *\(S\)'
        ) then 'esketamine'
        when regexp_matches(
            regexp_replace(
                names,
                '\(R\)[ -]*(\(-\)[ -]*)?KETAMIN|\bR-KETAMIN|\bR ?\(-\)[ -]*KETAMIN'
                || '|\(-\)[ -]*KETAMIN',
                ' ',
                'g'
            ),
            '\bKETAMIN|\bKETALAR\b|\bKETANEST\b|\bKETASET\b|\bKETAJECT\b|\bVETALAR\b'
        ) then 'ketamine'
    end;
