"""Value tables of the SYNTHETIC sample corpus: drug name spellings, MedDRA terms, codes.

Every weighted table is written as ``(value, weight)`` pairs and expanded into a sampling bag
once at import (:func:`bag`), so that drawing a value costs one index into a tuple. Codes
follow FDA's field reference (``reference/openfda/drugevent_fields.yaml``). Weights
are chosen so the corpus looks plausible and so that disproportionality shows clear signals.
They are not estimates of anything real.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

Weighted = tuple[tuple[T, int], ...]

ABSENT = None  # a bag value meaning "leave the field out of the record"


def bag(weighted: Weighted[T]) -> tuple[T, ...]:
    """Each value repeated ``weight`` times: a uniform pick from it is a weighted draw."""
    return tuple(value for value, weight in weighted for _ in range(weight))


# --- product spellings ----------------------------------------------------------------------
# (medicinalproduct, weight, openfda key or None, drugauthorizationnumb or None, modern_only)
# modern_only: mixed-case spellings appear only in reports received from 2013 on.
Spelling = tuple[str, int, str | None, str | None, bool]
KETAMINE_SPELLINGS: tuple[Spelling, ...] = (
    ("KETAMINE", 30, "ketamine_generic", None, False),
    ("KETAMINE HCL", 14, "ketamine_generic", None, False),
    ("KETAMINE HYDROCHLORIDE", 20, "ketamine_generic", None, False),
    ("KETALAR", 12, "ketalar", "016812", False),
    ("Ketalar", 4, "ketalar", "016812", True),
    ("ketamine 50mg/ml", 3, None, None, True),
    ("KETAMINE HCL 100MG/ML", 2, None, None, False),
)
ESKETAMINE_SPELLINGS: tuple[Spelling, ...] = (
    ("SPRAVATO", 45, "spravato", "211243", False),
    ("Spravato", 10, "spravato", "211243", True),
    ("ESKETAMINE", 14, "spravato", None, False),
    ("ESKETAMINE HYDROCHLORIDE", 14, "spravato", None, False),
    # The next three name the S-enantiomer in words that also hold the token KETAMINE (or none
    # of the US names): a small share, to keep product classification honest.
    ("S-KETAMINE", 2, None, None, False),
    ("KETAMINE (S)-", 1, None, None, False),
    ("KETANEST S", 3, None, None, False),
)
KETAMINE_SUBSTANCE = "KETAMINE HYDROCHLORIDE"
ESKETAMINE_SUBSTANCE = "ESKETAMINE HYDROCHLORIDE"

# openfda annotation blocks. UNIIs: ketamine HCl O18YUO0I83, esketamine HCl L8P1H35P2Z.
_PRESCRIPTION = ["HUMAN PRESCRIPTION DRUG"]
OPENFDA_BLOCKS: dict[str, dict[str, list[str]]] = {
    "ketalar": {
        "application_number": ["NDA016812"],
        "brand_name": ["KETALAR"],
        "generic_name": ["KETAMINE HYDROCHLORIDE"],
        "manufacturer_name": ["Par Pharmaceutical, Inc."],
        "product_type": _PRESCRIPTION,
        "route": ["INTRAMUSCULAR", "INTRAVENOUS"],
        "substance_name": ["KETAMINE HYDROCHLORIDE"],
        "unii": ["O18YUO0I83"],
    },
    "ketamine_generic": {
        "brand_name": ["KETAMINE HYDROCHLORIDE"],
        "generic_name": ["KETAMINE HYDROCHLORIDE"],
        "manufacturer_name": ["Hospira, Inc."],
        "product_type": _PRESCRIPTION,
        "route": ["INTRAVENOUS"],
        "substance_name": ["KETAMINE HYDROCHLORIDE"],
        "unii": ["O18YUO0I83"],
    },
    "spravato": {
        "application_number": ["NDA211243"],
        "brand_name": ["SPRAVATO"],
        "generic_name": ["ESKETAMINE HYDROCHLORIDE"],
        "manufacturer_name": ["Janssen Pharmaceuticals, Inc."],
        "product_type": _PRESCRIPTION,
        "route": ["NASAL"],
        "substance_name": ["ESKETAMINE HYDROCHLORIDE"],
        "unii": ["L8P1H35P2Z"],
    },
}

# --- drug entry details -------------------------------------------------------------------
# drugadministrationroute: 030 intramuscular, 040 IV bolus, 041 IV drip, 042 IV, 045 nasal,
# 048 oral, 050 other, 060 sublingual, 065 unknown.
KETAMINE_ROUTES = bag(
    (("042", 35), ("040", 5), ("041", 8), ("030", 10), ("045", 5), ("048", 6), ("060", 2))
    + (("065", 20), (ABSENT, 9))
)
ESKETAMINE_ROUTES = bag((("045", 75), ("065", 12), ("050", 2), (ABSENT, 11)))
KETAMINE_INDICATIONS = bag(
    (
        ("ANAESTHESIA", 15),
        ("GENERAL ANAESTHESIA", 8),
        ("SEDATION", 8),
        ("PAIN", 8),
        ("DEPRESSION", 12),
        ("MAJOR DEPRESSION", 8),
        ("SUICIDAL IDEATION", 3),
        ("COMPLEX REGIONAL PAIN SYNDROME", 3),
        ("DRUG ABUSE", 5),
        ("PRODUCT USED FOR UNKNOWN INDICATION", 15),
        (ABSENT, 15),
    )
)
ESKETAMINE_INDICATIONS = bag(
    (
        ("DEPRESSION", 35),
        ("MAJOR DEPRESSION", 25),
        ("DEPRESSION SUICIDAL", 5),
        ("SUICIDAL IDEATION", 5),
        ("PRODUCT USED FOR UNKNOWN INDICATION", 15),
        (ABSENT, 15),
    )
)
KETAMINE_DOSAGE_TEXTS = bag(
    (
        ("UNK", 25),
        ("50 MG/ML", 8),
        ("1 MG/KG", 8),
        ("0.5 MG/KG OVER 40 MINUTES", 8),
        ("100 MG, SINGLE", 6),
        ("35 MG", 4),
        ("UNK UNK, UNKNOWN FREQ.", 10),
        ("200 MG, QD", 3),
        (ABSENT, 28),
    )
)
ESKETAMINE_DOSAGE_TEXTS = bag(
    (
        ("56 MILLIGRAM", 15),
        ("84 MILLIGRAM", 15),
        ("56 MG, 2X/WEEK", 10),
        ("84 MG, 1X/WEEK", 10),
        ("28 MG", 5),
        ("84 MG, BIW", 5),
        ("UNK", 15),
        (ABSENT, 25),
    )
)
KETAMINE_FORMS = bag(
    (("INJECTION", 25), ("SOLUTION FOR INJECTION", 20), ("INJECTION, SOLUTION", 10), (ABSENT, 45))
)
ESKETAMINE_FORMS = bag((("NASAL SPRAY", 30), ("SPRAY", 20), ("SPRAY, METERED", 10), (ABSENT, 40)))
KETAMINE_DOSE_NUMBERS = ("35", "50", "100", "200", "0.5")
ESKETAMINE_DOSE_NUMBERS = ("28", "56", "84")
# drugcharacterization: 1 suspect, 2 concomitant, 3 interacting.
KETAMINE_ROLES = bag((("1", 70), ("2", 25), ("3", 5)))
ESKETAMINE_ROLES = bag((("1", 88), ("2", 8), ("3", 4)))
CONCOMITANT_ROLES = bag((("2", 85), ("1", 10), ("3", 5)))
ACTIONS = bag((("1", 15), ("2", 3), ("4", 20), ("5", 12), ("6", 10), (ABSENT, 40)))
# drugstartdateformat / drugenddateformat: 102 YYYYMMDD, 610 YYYYMM, 602 YYYY.
DATE_FORMATS = bag((("102", 60), ("610", 25), ("602", 15)))

# --- other drugs ---------------------------------------------------------------------------
# (medicinalproduct, activesubstancename, drugindication, route, drugdosageform, source)
OtherDrug = tuple[str, str, str, str, str, str]
PSYCH_AND_ANAESTHESIA_DRUGS: tuple[OtherDrug, ...] = (
    ("SERTRALINE", "SERTRALINE HYDROCHLORIDE", "DEPRESSION", "048", "TABLET", "PFIZER"),
    ("ZOLOFT", "SERTRALINE HYDROCHLORIDE", "DEPRESSION", "048", "TABLET", "PFIZER"),
    ("ESCITALOPRAM", "ESCITALOPRAM OXALATE", "MAJOR DEPRESSION", "048", "TABLET", "LUNDBECK"),
    ("VENLAFAXINE", "VENLAFAXINE HYDROCHLORIDE", "DEPRESSION", "048", "CAPSULE", "MYLAN"),
    ("BUPROPION", "BUPROPION HYDROCHLORIDE", "DEPRESSION", "048", "TABLET", "TEVA"),
    ("QUETIAPINE", "QUETIAPINE FUMARATE", "BIPOLAR DISORDER", "048", "TABLET", "ASTRAZENECA"),
    ("ARIPIPRAZOLE", "ARIPIPRAZOLE", "DEPRESSION", "048", "TABLET", "OTSUKA"),
    ("LITHIUM CARBONATE", "LITHIUM CARBONATE", "BIPOLAR DISORDER", "048", "CAPSULE", "TEVA"),
    ("LAMOTRIGINE", "LAMOTRIGINE", "BIPOLAR DISORDER", "048", "TABLET", "GLAXOSMITHKLINE"),
    ("DULOXETINE", "DULOXETINE HYDROCHLORIDE", "DEPRESSION", "048", "CAPSULE", "ELI LILLY"),
    ("MIRTAZAPINE", "MIRTAZAPINE", "INSOMNIA", "048", "TABLET", "ORGANON"),
    ("TRAZODONE", "TRAZODONE HYDROCHLORIDE", "INSOMNIA", "048", "TABLET", "TEVA"),
    ("CLONAZEPAM", "CLONAZEPAM", "ANXIETY", "048", "TABLET", "ROCHE"),
    ("LORAZEPAM", "LORAZEPAM", "ANXIETY", "048", "TABLET", "PFIZER"),
    ("MIDAZOLAM", "MIDAZOLAM HYDROCHLORIDE", "SEDATION", "042", "INJECTION", "HOSPIRA"),
    ("PROPOFOL", "PROPOFOL", "GENERAL ANAESTHESIA", "042", "EMULSION", "FRESENIUS KABI"),
    ("FENTANYL", "FENTANYL CITRATE", "PAIN", "042", "INJECTION", "HOSPIRA"),
    ("ONDANSETRON", "ONDANSETRON HYDROCHLORIDE", "NAUSEA", "042", "INJECTION", "SANDOZ"),
    ("ROCURONIUM", "ROCURONIUM BROMIDE", "GENERAL ANAESTHESIA", "042", "INJECTION", "MERCK"),
)
# Names that start like ketamine but are other medicines: must never be classified as it.
LOOK_ALIKE_DRUGS: tuple[OtherDrug, ...] = (
    ("KETOROLAC", "KETOROLAC TROMETHAMINE", "PAIN", "042", "INJECTION", "HOSPIRA"),
    (
        "KETOROLAC TROMETHAMINE",
        "KETOROLAC TROMETHAMINE",
        "POSTOPERATIVE ANALGESIA",
        "048",
        "TABLET",
        "TEVA",
    ),
    ("TORADOL", "KETOROLAC TROMETHAMINE", "PAIN", "030", "INJECTION", "ROCHE"),
    ("KETOTIFEN", "KETOTIFEN FUMARATE", "CONJUNCTIVITIS ALLERGIC", "047", "EYE DROPS", "ALCON"),
    ("ZADITOR", "KETOTIFEN FUMARATE", "EYE PRURITUS", "047", "EYE DROPS", "ALCON"),
    ("KETOCONAZOLE", "KETOCONAZOLE", "FUNGAL INFECTION", "048", "TABLET", "TEVA"),
    ("NIZORAL", "KETOCONAZOLE", "DERMATITIS SEBORRHOEIC", "061", "SHAMPOO", "JANSSEN"),
    ("KETOPROFEN", "KETOPROFEN", "ARTHRALGIA", "048", "CAPSULE", "SANOFI"),
)
GENERAL_DRUGS: tuple[OtherDrug, ...] = (
    ("METFORMIN", "METFORMIN HYDROCHLORIDE", "TYPE 2 DIABETES MELLITUS", "048", "TABLET", "MYLAN"),
    ("LISINOPRIL", "LISINOPRIL", "HYPERTENSION", "048", "TABLET", "LUPIN"),
    ("AMLODIPINE", "AMLODIPINE BESYLATE", "HYPERTENSION", "048", "TABLET", "PFIZER"),
    ("ATORVASTATIN", "ATORVASTATIN CALCIUM", "HYPERCHOLESTEROLAEMIA", "048", "TABLET", "PFIZER"),
    ("HUMIRA", "ADALIMUMAB", "RHEUMATOID ARTHRITIS", "058", "INJECTION", "ABBVIE"),
    ("ENBREL", "ETANERCEPT", "PSORIASIS", "058", "INJECTION", "AMGEN"),
    ("OMEPRAZOLE", "OMEPRAZOLE", "GASTROOESOPHAGEAL REFLUX DISEASE", "048", "CAPSULE", "SANDOZ"),
    ("IBUPROFEN", "IBUPROFEN", "PAIN", "048", "TABLET", "PFIZER"),
    ("PARACETAMOL", "ACETAMINOPHEN", "PYREXIA", "048", "TABLET", "JOHNSON AND JOHNSON"),
    ("PREDNISONE", "PREDNISONE", "ASTHMA", "048", "TABLET", "WEST-WARD"),
    ("LEVOTHYROXINE", "LEVOTHYROXINE SODIUM", "HYPOTHYROIDISM", "048", "TABLET", "ABBVIE"),
    ("XARELTO", "RIVAROXABAN", "ATRIAL FIBRILLATION", "048", "TABLET", "BAYER"),
    ("ELIQUIS", "APIXABAN", "ATRIAL FIBRILLATION", "048", "TABLET", "BRISTOL-MYERS SQUIBB"),
    ("KEYTRUDA", "PEMBROLIZUMAB", "NON-SMALL CELL LUNG CANCER", "042", "INJECTION", "MERCK"),
    ("REVLIMID", "LENALIDOMIDE", "PLASMA CELL MYELOMA", "048", "CAPSULE", "CELGENE"),
    ("OXYCODONE", "OXYCODONE HYDROCHLORIDE", "PAIN", "048", "TABLET", "PURDUE"),
    ("GABAPENTIN", "GABAPENTIN", "NEURALGIA", "048", "CAPSULE", "PFIZER"),
    (
        "ADDERALL",
        "AMPHETAMINE ASPARTATE\\AMPHETAMINE SULFATE\\DEXTROAMPHETAMINE SACCHARATE",
        "ATTENTION DEFICIT HYPERACTIVITY DISORDER",
        "048",
        "TABLET",
        "TEVA",
    ),
)
BACKGROUND_SUSPECTS: tuple[OtherDrug, ...] = (
    GENERAL_DRUGS * 4 + PSYCH_AND_ANAESTHESIA_DRUGS * 2 + LOOK_ALIKE_DRUGS * 2
)
CONCOMITANTS: tuple[OtherDrug, ...] = (
    PSYCH_AND_ANAESTHESIA_DRUGS * 6
    + GENERAL_DRUGS
    + (
        LOOK_ALIKE_DRUGS[:3] * 2  # ketorolac is a common companion of ketamine in anaesthesia
    )
)
ROUTE_NAMES = {
    "030": "INTRAMUSCULAR",
    "042": "INTRAVENOUS",
    "047": "OPHTHALMIC",
    "048": "ORAL",
    "058": "SUBCUTANEOUS",
    "061": "TOPICAL",
}
CONCOMITANT_COUNTS = bag(((0, 30), (1, 30), (2, 20), (3, 12), (4, 8)))

# --- reaction terms (MedDRA preferred terms, as MedDRA spells them) ------------------------
DISSOCIATION_TERMS = (
    "Dissociation",
    "Dissociative disorder",
    "Depersonalisation/derealisation disorder",
    "Derealisation",
    "Depersonalisation",
    "Hallucination",
    "Hallucination, visual",
    "Feeling abnormal",
    "Feeling drunk",
)
HYPERTENSION_TERMS = (
    "Blood pressure increased",
    "Hypertension",
    "Blood pressure systolic increased",
    "Blood pressure diastolic increased",
    "Hypertensive crisis",
    "Hypertensive urgency",
)
COGNITIVE_TERMS = (
    "Cognitive disorder",
    "Memory impairment",
    "Amnesia",
    "Confusional state",
    "Disturbance in attention",
    "Sedation",
    "Somnolence",
    "Mental impairment",
)
ABUSE_TERMS = (
    "Drug abuse",
    "Drug dependence",
    "Intentional product misuse",
    "Toxicity to various agents",
    "Overdose",
    "Cystitis noninfective",
)
COMMON_TERMS = (
    "Nausea",
    "Headache",
    "Vomiting",
    "Dizziness",
    "Anxiety",
    "Suicidal ideation",
    "Drug ineffective",
    "Off label use",
    "Fatigue",
    "Agitation",
    "Depression",
    "Insomnia",
    "Tachycardia",
    "Vision blurred",
    "Paraesthesia",
    "Dysgeusia",
    "Completed suicide",
    "Product use issue",
    "Fall",
    "Pain",
    "Death",
    "Rash",
    "Pruritus",
    "Diarrhoea",
    "Dyspnoea",
    "Malaise",
    "Pyrexia",
    "Arthralgia",
    "Condition aggravated",
    "Incorrect dose administered",
)


def _spread(terms: tuple[str, ...], total: int) -> Weighted[str]:
    """Share ``total`` weight over ``terms``, the first terms a little heavier (as in FAERS,
    where a few terms of each group dominate)."""
    raw = [len(terms) - i + 2 for i in range(len(terms))]
    scale = total / sum(raw)
    return tuple((term, max(1, round(w * scale))) for term, w in zip(terms, raw, strict=True))


# Weights per profile in parts per thousand terms drawn. Esketamine is strongly enriched in
# dissociation, sedation and blood pressure increased; ketamine in abuse and cognitive terms;
# the background carries a little of everything so every ratio has a finite denominator.
ESKETAMINE_TERMS = bag(
    (("Dissociation", 150), ("Sedation", 90), ("Blood pressure increased", 70))
    + _spread(DISSOCIATION_TERMS[1:], 130)
    + _spread(HYPERTENSION_TERMS[1:], 40)
    + _spread(COGNITIVE_TERMS, 60)
    + _spread(ABUSE_TERMS, 15)
    + _spread(COMMON_TERMS, 445)
)
KETAMINE_TERMS = bag(
    (("Drug abuse", 80), ("Cognitive disorder", 40), ("Memory impairment", 40))
    + _spread(ABUSE_TERMS[1:], 110)
    + _spread(COGNITIVE_TERMS[2:], 120)
    + _spread(DISSOCIATION_TERMS, 90)
    + _spread(HYPERTENSION_TERMS, 40)
    + _spread(COMMON_TERMS, 480)
)
BACKGROUND_TERMS = bag(
    _spread(DISSOCIATION_TERMS, 6)
    + _spread(HYPERTENSION_TERMS, 30)
    + _spread(COGNITIVE_TERMS, 35)
    + _spread(ABUSE_TERMS, 20)
    + _spread(COMMON_TERMS, 909)
)
REACTION_COUNTS = bag(((1, 30), (2, 25), (3, 18), (4, 12), (5, 8), (6, 4), (7, 2), (9, 1)))
# reactionoutcome: 1 recovered ... 5 fatal, 6 unknown.
OUTCOMES_MODERN = bag(
    (("1", 25), ("2", 15), ("3", 20), ("4", 3), ("5", 2), ("6", 20), (ABSENT, 15))
)
OUTCOMES_LEGACY = bag((("1", 5), ("6", 5), (ABSENT, 90)))

# --- patient -------------------------------------------------------------------------------
# patientonsetageunit: 800 decade, 801 year, 802 month, 803 week, 804 day, 805 hour.
AGE_KINDS = bag(
    (
        ("absent", 330),
        ("null", 5),
        ("impossible", 3),
        ("800", 30),
        ("801", 590),
        ("802", 20),
        ("803", 8),
        ("804", 8),
        ("805", 6),
    )
)
AGE_RANGES = {"800": (2, 8), "802": (1, 23), "803": (1, 52), "804": (1, 60), "805": (1, 48)}
"""Inclusive range of patientonsetage for each unit other than years."""
IMPOSSIBLE_AGES = ("-5", "150", "212", "999")
SEXES = bag((("1", 40), ("2", 48), ("0", 2), (ABSENT, 10)))

# --- report level --------------------------------------------------------------------------
# ISO code -> the country name FAERS also uses for it.
COUNTRY_NAMES = {
    "US": "UNITED STATES",
    "CA": "CANADA",
    "GB": "UNITED KINGDOM",
    "DE": "GERMANY",
    "FR": "FRANCE",
    "JP": "JAPAN",
    "CN": "CHINA",
    "AU": "AUSTRALIA",
    "BR": "BRAZIL",
    "IT": "ITALY",
    "ES": "SPAIN",
    "NL": "NETHERLANDS",
    "IN": "INDIA",
}
KETAMINE_COUNTRIES = bag(
    (("US", 55), ("GB", 8), ("CA", 6), ("CN", 5), ("AU", 5), ("DE", 4), ("FR", 4))
    + (("JP", 3), ("IT", 3), ("ES", 2), ("NL", 2), ("IN", 2), ("BR", 1))
)
ESKETAMINE_COUNTRIES = bag(
    (("US", 80), ("CA", 4), ("DE", 4), ("FR", 3), ("ES", 2), ("IT", 2), ("GB", 2))
    + (("AU", 1), ("NL", 1), ("BR", 1))
)
BACKGROUND_COUNTRIES = bag(
    (("US", 60), ("JP", 7), ("GB", 5), ("CA", 5), ("DE", 5), ("FR", 4), ("IT", 3))
    + (("BR", 3), ("CN", 3), ("AU", 2), ("ES", 2), ("IN", 1))
)
# primarysource.qualification: 1 physician, 2 pharmacist, 3 other health professional,
# 4 lawyer, 5 consumer.
QUALIFICATIONS = bag((("1", 25), ("2", 8), ("3", 20), ("4", 2), ("5", 40), (ABSENT, 5)))
# (companynumb organisation code, reportduplicate.duplicatesource)
KETAMINE_SOURCES = (
    ("PARPHARM", "PAR"),
    ("HOSPIRA", "HOSPIRA"),
    ("MYLANLABS", "MYLAN"),
    ("HIKMA", "HIKMA"),
    ("FRESENIUS KABI", "FRESENIUS KABI"),
    ("PFIZER", "PFIZER"),
)
ESKETAMINE_SOURCES = (("JNJFOC", "JANSSEN"),) * 8 + (("JANSSEN", "JANSSEN"), ("TEVA", "TEVA"))
VERSIONS = bag((("1", 60), ("2", 20), ("3", 10), ("4", 6), ("5", 4)))
REPORT_TYPES = bag((("1", 80), ("2", 15), ("3", 3), ("4", 2)))
SERIOUSNESS_FLAGS = bag(
    (
        ("seriousnessdeath", 8),
        ("seriousnesslifethreatening", 8),
        ("seriousnesshospitalization", 35),
        ("seriousnessdisabling", 5),
        ("seriousnesscongenitalanomali", 1),
        ("seriousnessother", 50),
    )
)


# --- per product ---------------------------------------------------------------------------
Named = tuple[str, str | None, str | None]  # medicinalproduct, openfda key, authorization


@dataclass(frozen=True)
class ProductVocabulary:
    """Everything a drug entry or report about one of the two products draws from."""

    legacy_names: tuple[Named, ...]  # bag for reports received before 2013: upper case only
    modern_names: tuple[Named, ...]  # bag for later reports
    substance: str
    roles: tuple[str, ...]
    routes: tuple[str | None, ...]
    indications: tuple[str | None, ...]
    dosage_texts: tuple[str | None, ...]
    forms: tuple[str | None, ...]
    dose_numbers: tuple[str, ...]
    sources: tuple[tuple[str, str], ...]


def _names(table: tuple[Spelling, ...], *, modern: bool) -> tuple[Named, ...]:
    return bag(
        tuple(((n, k, a), w) for n, w, k, a, only_modern in table if modern or not only_modern)
    )


KETAMINE = ProductVocabulary(
    legacy_names=_names(KETAMINE_SPELLINGS, modern=False),
    modern_names=_names(KETAMINE_SPELLINGS, modern=True),
    substance=KETAMINE_SUBSTANCE,
    roles=KETAMINE_ROLES,
    routes=KETAMINE_ROUTES,
    indications=KETAMINE_INDICATIONS,
    dosage_texts=KETAMINE_DOSAGE_TEXTS,
    forms=KETAMINE_FORMS,
    dose_numbers=KETAMINE_DOSE_NUMBERS,
    sources=KETAMINE_SOURCES,
)
ESKETAMINE = ProductVocabulary(
    legacy_names=_names(ESKETAMINE_SPELLINGS, modern=False),
    modern_names=_names(ESKETAMINE_SPELLINGS, modern=True),
    substance=ESKETAMINE_SUBSTANCE,
    roles=ESKETAMINE_ROLES,
    routes=ESKETAMINE_ROUTES,
    indications=ESKETAMINE_INDICATIONS,
    dosage_texts=ESKETAMINE_DOSAGE_TEXTS,
    forms=ESKETAMINE_FORMS,
    dose_numbers=ESKETAMINE_DOSE_NUMBERS,
    sources=ESKETAMINE_SOURCES,
)
