"""The value lists the scaled FAERS files generator (:mod:`benchmarks.faers_files_scale`)
draws from: a few thousand drugs and MedDRA-like terms, real where the repository has real
values, SYNTHETIC beyond that.

Real seeds are FDA's own rows in ``reference/faers_ascii/`` (the 2004Q1, 2017Q2 and 2022Q4
subsets, public domain): their drug names with prod_ai and NDA numbers, their dosing
columns (route, dose text, form, frequency ... taken whole, row by row, so the widths are
FDA's), their reaction and indication terms, senders and literature references. These are a
few hundred of each, so the lists are topped up with made-up names (syllables and a
pharmacological stem: ``VORALINIB``) and terms (``Blood sodium decreased``, ``Renal
haemorrhage``), deterministically. Ketamine and esketamine never appear in the lists: the
generator adds them at its own rate (:data:`KETAMINE_NAMES`), so a made-up name can never
look like them (no list entry contains ``KETA``, ``SPRAVATO`` or ``VETALAR``).

Every value is printable ASCII without ``$``, ``"``, CR or LF: FDA's files have no quoting,
so anything else would break a line or shift a column, and the project's reader must land
every generated row.
"""

from __future__ import annotations

import random
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ketamine_faers.paths import REFERENCE_DIR
from standins.sample.vocabulary import (
    ABUSE_TERMS,
    COGNITIVE_TERMS,
    COMMON_TERMS,
    COUNTRY_NAMES,
    DISSOCIATION_TERMS,
    HYPERTENSION_TERMS,
)

SUBSETS = REFERENCE_DIR / "faers_ascii"
SIZE = 3000  # drugs, and reaction terms: "a few thousand" each

# (drugname, prod_ai, first FAERS quarter it may appear in); legacy names are upper case.
KETAMINE_NAMES: tuple[tuple[str, str, str], ...] = (
    ("KETAMINE", "KETAMINE", "2004Q1"),
    ("KETAMINE HYDROCHLORIDE", "KETAMINE HYDROCHLORIDE", "2004Q1"),
    ("KETAMINE HCL", "KETAMINE HYDROCHLORIDE", "2004Q1"),
    ("KETALAR", "KETAMINE HYDROCHLORIDE", "2004Q1"),
    ("Ketamine", "KETAMINE", "2012Q4"),
    ("SPRAVATO", "ESKETAMINE HYDROCHLORIDE", "2019Q1"),
    ("SPRAVATO", "ESKETAMINE HYDROCHLORIDE", "2019Q1"),
    ("ESKETAMINE", "ESKETAMINE HYDROCHLORIDE", "2019Q1"),
)
# Terms the analyst tables look for (ketamine's and esketamine's known effects); placed
# among the common terms so every size has some.
NAMED_TERMS = (
    "Dissociation",
    "Blood pressure increased",
    "Sedation",
    "Somnolence",
    "Confusional state",
)
UNKNOWN_INDICATION = "Product used for unknown indication"
FORBIDDEN = ("KETA", "SPRAVATO", "VETALAR")

_PREFIXES = (
    "ab ac al am an ap ar as at av az bel ben bi bo bre bu ca ce ci clo co cy da de di do du "
    "el em en er es eto fa fe fi flu fo ga gli go ha hy im in ir is la le li lo lu ma me mi mo "
    "na ne ni no ol om on or ox pa pe pi pra pro qui ra re ri ro ru sa se si so su ta te ti to "
    "tra tri va ve vi vo xa za ze zi zo"
).split()
_MIDDLES = "ba ce di fo ga li lo ma me mi na ne no pa pi ra ri ro ta te ti to va vi xi zo".split()
_STEMS = (
    "mab tinib pril sartan olol azole statin prazole cillin mycin vir dronate parin triptan "
    "afil oxacin setron lukast gliptin glitazone dipine tidine azepam oxetine apine done "
    "profen caine sone lone mide zide nide xaban gatran flozin tide cept plase rubicin platin "
    "mustine trexate zumab ximab umab"
).split()
_SALTS = (
    "HYDROCHLORIDE SODIUM CALCIUM MESYLATE MALEATE CITRATE TARTRATE SULFATE FUMARATE "
    "ACETATE BESYLATE POTASSIUM"
).split()
_BRAND_ENDS = "EX IX ZA RA ON YL IA OR AN IS ENT ARA".split()
_ANALYTES = (
    "Blood glucose|Blood potassium|Alanine aminotransferase|Aspartate aminotransferase|"
    "Blood creatinine|Haemoglobin|Platelet count|White blood cell count|Neutrophil count|"
    "Heart rate|Body temperature|Weight|Blood sodium|Blood calcium|Blood magnesium|Blood urea|"
    "Blood bilirubin|Gamma-glutamyltransferase|Blood alkaline phosphatase|Lipase|Amylase|"
    "Troponin|C-reactive protein|Blood cholesterol|Blood triglycerides|"
    "Blood thyroid stimulating hormone|International normalised ratio|Prothrombin time|"
    "Lymphocyte count|Eosinophil count|Red blood cell count|Haematocrit|Blood lactic acid|"
    "Blood uric acid|Blood phosphorus|Blood iron|Serum ferritin|Vitamin D|Vitamin B12|"
    "Blood albumin|Protein total|Oxygen saturation|Respiratory rate|Blood insulin|"
    "Glycosylated haemoglobin|Blood cortisol|Blood testosterone|Prostatic specific antigen|"
    "Blood creatine phosphokinase|Ammonia|Blood folate|Blood zinc|Blood chloride|"
    "Blood bicarbonate|Anion gap|Blood osmolarity|Urine output|Ejection fraction|"
    "Intraocular pressure|Bone density|Body mass index|Cardiac output|Blood pH|"
    "Blood carbon dioxide|Monocyte count|Reticulocyte count|Fibrin D dimer|Blood fibrinogen|"
    "Brain natriuretic peptide|Procalcitonin|Blood prolactin|Blood ethanol|Blood lithium"
).split("|")
_ANALYTE_CHANGES = ("increased", "decreased", "abnormal")
_ORGANS = (
    "Abdominal|Adrenal|Anal|Aortic|Appendix|Arterial|Biliary|Bladder|Bone|Bone marrow|Breast|"
    "Bronchial|Cardiac|Cerebral|Cervix|Colonic|Corneal|Dental|Duodenal|Ear|Endometrial|"
    "Eye|Eyelid|Gallbladder|Gastric|Gingival|Hepatic|Intestinal|Joint|Laryngeal|Lip|Lung|"
    "Lymph node|Mediastinal|Muscle|Nail|Nasal|Oesophageal|Oral|Ovarian|Pancreatic|Penile|"
    "Pericardial|Peritoneal|Pharyngeal|Pleural|Prostatic|Pulmonary|Rectal|Renal|Retinal|"
    "Salivary gland|Scrotal|Sinus|Skin|Spinal|Splenic|Synovial|Tendon|Testicular|Thyroid|"
    "Tongue|Tonsillar|Tracheal|Ureteric|Urethral|Uterine|Vaginal|Vascular|Venous|Vitreous|"
    "Vulval|Wound|Hip|Knee|Shoulder|Ankle|Wrist|Elbow|Facial"
).split("|")
_CONDITIONS = (
    "disorder pain haemorrhage infection neoplasm oedema injury inflammation discomfort mass "
    "swelling atrophy hypertrophy fibrosis ulcer necrosis cyst calcification abscess "
    "perforation stenosis obstruction rupture dysfunction hyperplasia fistula haematoma "
    "thrombosis"
).split()


@dataclass(frozen=True)
class Drug:
    """One drug of the list: the name a report gives, its active ingredient(s) (several
    joined by a backslash, as FAERS does) and an NDA number (6 digits, FAERS' leading
    zeros; empty for about a third)."""

    drugname: str
    prod_ai: str
    nda_num: str


@dataclass(frozen=True)
class Vocabulary:
    """Every list, in rank order: the generator picks low indexes more often (a Zipf-like
    draw), so the first entries are the common ones."""

    drugs: tuple[Drug, ...]
    terms: tuple[str, ...]  # reaction terms, MedDRA's mixed case (legacy files upper-case)
    indications: tuple[str, ...]
    dosing: tuple[tuple[str, ...], ...]  # FAERS DRUG dosing columns, see DOSING_COLUMNS
    legacy_dosing: tuple[tuple[str, ...], ...]  # legacy DRUG dosing columns
    senders: tuple[str, ...]  # FAERS mfr_sndr
    legacy_senders: tuple[str, ...]
    literature: tuple[str, ...]


DOSING_COLUMNS = (
    "val_vbm",
    "route",
    "dose_vbm",
    "cum_dose_chr",
    "cum_dose_unit",
    "dechal",
    "rechal",
    "lot_num",
    "exp_dt",
    "dose_amt",
    "dose_unit",
    "dose_form",
    "dose_freq",
)
LEGACY_DOSING_COLUMNS = ("val_vbm", "route", "dose_vbm", "dechal", "rechal", "lot_num", "exp_dt")
# ISO code -> weight; legacy files spell the country out (COUNTRY_NAMES).
COUNTRY_WEIGHTS = (
    ("US", 60),
    ("JP", 7),
    ("GB", 5),
    ("CA", 5),
    ("DE", 5),
    ("FR", 4),
    ("IT", 3),
    ("BR", 3),
    ("CN", 3),
    ("AU", 2),
    ("ES", 2),
    ("IN", 1),
)
COUNTRIES = tuple(code for code, _ in COUNTRY_WEIGHTS)
COUNTRY_LABELS = tuple(COUNTRY_NAMES[code] for code in COUNTRIES)


def clean(value: str) -> bool:
    """A value FDA's unquoted format can carry: printable ASCII, no ``$`` or ``"``."""
    return value.isascii() and value.isprintable() and "$" not in value and '"' not in value


def _allowed(name: str) -> bool:
    upper = name.upper()
    return clean(name) and not any(word in upper for word in FORBIDDEN)


def _subset_rows(table: str) -> Iterator[tuple[str, dict[str, str]]]:
    """(era, row) for every row of ``table`` in the three real subsets (names lower case)."""
    for path in sorted(SUBSETS.glob("*.zip")):
        era = "aers" if path.name.startswith("aers") else "faers"
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                name = Path(member).name.lower()
                if not (name.startswith(table) and name.endswith(".txt")):
                    continue
                lines = archive.read(member).decode("utf-8", "replace").splitlines()
                header = [h.strip().lower() for h in lines[0].split("$")]
                for line in lines[1:]:
                    yield era, dict(zip(header, line.split("$"), strict=False))


def _ranked(values: Iterator[str]) -> list[str]:
    """Distinct clean values, most frequent first (ties by first appearance)."""
    counts = Counter(value for value in values if value and _allowed(value))
    return [value for value, _ in counts.most_common()]


def _made_up_drugs(rng: random.Random, taken: set[str], count: int) -> list[Drug]:
    drugs: list[Drug] = []
    while len(drugs) < count:
        stem = rng.choice(_PREFIXES) + rng.choice(_MIDDLES) + rng.choice(_STEMS)
        ingredient = stem.upper()
        if rng.random() < 0.3:
            ingredient += " " + rng.choice(_SALTS)
        if rng.random() < 0.03:
            other = rng.choice(_PREFIXES) + rng.choice(_MIDDLES) + rng.choice(_STEMS)
            ingredient += "\\" + other.upper()
        if rng.random() < 0.45:
            name = (rng.choice(_PREFIXES) + rng.choice(_MIDDLES)).upper() + rng.choice(_BRAND_ENDS)
        else:
            name = ingredient.split("\\")[0]
            if rng.random() < 0.15:
                name = name.capitalize()
        if name in taken or not _allowed(name) or not _allowed(ingredient):
            continue
        taken.add(name)
        nda = f"{rng.randrange(1, 220000):06d}" if rng.random() < 0.65 else ""
        drugs.append(Drug(name, ingredient, nda))
    return drugs


def _made_up_terms(taken: set[str]) -> list[str]:
    terms = [f"{analyte} {change}" for analyte in _ANALYTES for change in _ANALYTE_CHANGES]
    terms += [f"{organ} {condition}" for condition in _CONDITIONS for organ in _ORGANS]
    fresh = []
    for term in terms:
        if term.upper() not in taken:
            taken.add(term.upper())
            fresh.append(term)
    return fresh


@lru_cache(maxsize=4)
def vocabulary(seed: int) -> Vocabulary:
    """The lists for ``seed`` (same seed, same lists)."""
    rng = random.Random(f"faers-files-vocabulary-{seed}")
    drug_rows = [row for era, row in _subset_rows("drug") if era == "faers"]
    real: dict[str, Drug] = {}
    counts = Counter(row.get("drugname", "") for row in drug_rows)
    for row in sorted(drug_rows, key=lambda r: -counts[r.get("drugname", "")]):
        name, ai = row.get("drugname", ""), row.get("prod_ai", "")
        if name and ai and _allowed(name) and _allowed(ai) and name not in real:
            nda = row.get("nda_num", "")
            real[name] = Drug(name, ai, nda if nda.isdigit() else "")
    drugs = list(real.values())
    drugs += _made_up_drugs(rng, set(real), SIZE - len(drugs))

    real_terms = _ranked(row.get("pt", "") for era, row in _subset_rows("reac") if era == "faers")
    legacy_terms = _ranked(
        row.get("pt", "").capitalize() for era, row in _subset_rows("reac") if era == "aers"
    )
    first = list(dict.fromkeys(COMMON_TERMS))
    named = [
        *NAMED_TERMS,
        *DISSOCIATION_TERMS,
        *HYPERTENSION_TERMS,
        *COGNITIVE_TERMS,
        *ABUSE_TERMS,
    ]
    terms: list[str] = []
    seen: set[str] = set()
    # the common terms, then the named ones among the first real ones, then the rest
    for term in [*first, *real_terms[:40], *named, *real_terms[40:], *legacy_terms]:
        if term and term.upper() not in seen and _allowed(term):
            seen.add(term.upper())
            terms.append(term)
    terms += _made_up_terms(seen)[: max(0, SIZE - len(terms))]

    indications = _ranked(
        row.get("indi_pt", "")
        for era, row in _subset_rows("indi")
        if era == "faers" and row.get("indi_pt") != UNKNOWN_INDICATION
    )
    indications += [term for term in terms if term not in set(indications)][:1000]

    dosing = [
        tuple(row.get(column, "") for column in DOSING_COLUMNS)
        for era, row in _subset_rows("drug")
        if era == "faers"
    ]
    legacy_dosing = [
        tuple(row.get(column, "") for column in LEGACY_DOSING_COLUMNS)
        for era, row in _subset_rows("drug")
        if era == "aers"
    ]
    demo_rows = list(_subset_rows("demo"))
    senders = _ranked(row.get("mfr_sndr", "") for era, row in demo_rows if era == "faers")
    legacy_senders = _ranked(row.get("mfr_sndr", "") for era, row in demo_rows if era == "aers")
    literature = _ranked(row.get("lit_ref", "") for era, row in demo_rows if era == "faers")
    return Vocabulary(
        drugs=tuple(drugs),
        terms=tuple(terms),
        indications=tuple(indications),
        dosing=tuple(row for row in dosing if all(map(clean, row))),
        legacy_dosing=tuple(row for row in legacy_dosing if all(map(clean, row))),
        senders=tuple(s for s in senders if s != "FDA-CTU"),
        legacy_senders=tuple(legacy_senders),
        literature=tuple(literature),
    )
