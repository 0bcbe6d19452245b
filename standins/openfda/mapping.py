"""openFDA's drug/event mapping: each field's Elasticsearch type and how its values compare.

Matching, sorting and counting all depend on a field's type (analysed text with a ``.exact``
keyword, keyword, date, number), so the mapping and its resolution live in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# openFDA's drug/event mapping (schemas/faers_mapping.json), by Elasticsearch type.
_MAPPING = {
    "keyword": "@version @case_number @checksum",
    "double": "@epoch",
    "date": (
        "@timestamp patient.drug.drugenddate patient.drug.drugstartdate "
        "patient.patientdeath.patientdeathdate receiptdate receivedate transmissiondate"
    ),
    "text+exact": (
        "authoritynumb companynumb occurcountry patient.drug.activesubstance.activesubstancename "
        "patient.drug.drugadministrationroute patient.drug.drugauthorizationnumb "
        "patient.drug.drugbatchnumb patient.drug.drugdosageform patient.drug.drugdosagetext "
        "patient.drug.drugindication patient.drug.drugrecurrence.drugrecuraction "
        "patient.drug.drugstructuredosagenumb patient.drug.drugtreatmentduration "
        "patient.drug.medicinalproduct patient.drug.openfda.application_number "
        "patient.drug.openfda.brand_name patient.drug.openfda.dosage_form "
        "patient.drug.openfda.generic_name patient.drug.openfda.manufacturer_name "
        "patient.drug.openfda.nui patient.drug.openfda.package_ndc "
        "patient.drug.openfda.pharm_class_cs patient.drug.openfda.pharm_class_epc "
        "patient.drug.openfda.pharm_class_moa patient.drug.openfda.pharm_class_pe "
        "patient.drug.openfda.product_ndc patient.drug.openfda.product_type "
        "patient.drug.openfda.route patient.drug.openfda.rxcui patient.drug.openfda.rxstring "
        "patient.drug.openfda.rxtty patient.drug.openfda.spl_id patient.drug.openfda.spl_set_id "
        "patient.drug.openfda.substance_name patient.drug.openfda.unii patient.drug.openfda.upc "
        "patient.reaction.reactionmeddrapt primarysource.reportercountry primarysourcecountry "
        "receiver.receiverorganization reportduplicate.duplicatenumb "
        "reportduplicate.duplicatesource safetyreportid sender.senderorganization"
    ),
    "short": (
        "duplicate patient.drug.drugintervaldosagedefinition "
        "patient.drug.drugintervaldosageunitnumb receiver.receivertype"
    ),
    "byte": (
        "fulfillexpeditecriteria patient.drug.drugcharacterization "
        "patient.drug.drugrecurreadministration patient.patientagegroup patient.patientsex "
        "patient.reaction.reactionoutcome primarysource.qualification reporttype "
        "sender.sendertype serious seriousnesscongenitalanomali seriousnessdeath "
        "seriousnessdisabling seriousnesshospitalization seriousnesslifethreatening "
        "seriousnessother"
    ),
    "long": "patient.drug.actiondrug patient.drug.drugadditional",
    "float": (
        "patient.drug.drugcumulativedosagenumb patient.patientonsetage patient.patientweight"
    ),
    "text": (
        "patient.drug.drugcumulativedosageunit patient.drug.drugenddateformat "
        "patient.drug.drugrecurrence.drugrecuractionmeddraversion "
        "patient.drug.drugstartdateformat patient.drug.drugstructuredosageunit "
        "patient.drug.drugtreatmentdurationunit patient.patientdeath.patientdeathdateformat "
        "patient.patientonsetageunit patient.reaction.reactionmeddraversionpt "
        "patient.summary.narrativeincludeclinical primarysource.literaturereference "
        "receiptdateformat receivedateformat transmissiondateformat"
    ),
    "boolean": "patient.drug.openfda.is_original_packager",
}
FIELD_TYPES: dict[str, str] = {
    name: es_type for es_type, names in _MAPPING.items() for name in names.split()
}
"""Elasticsearch type of every mapped drug/event field; ``text+exact`` has a ``.exact``."""

_OBJECT_PATHS = frozenset(
    ".".join(name.split(".")[:depth])
    for name in FIELD_TYPES
    for depth in range(1, name.count(".") + 1)
)
INTEGRAL_TYPES = frozenset({"byte", "short", "integer", "long"})
_NUMBER_TYPES = INTEGRAL_TYPES | {"float", "double"}


@dataclass(frozen=True)
class FieldSpec:
    """A field reference resolved against the mapping.

    ``kind`` is how values compare: ``text`` (tokens), ``keyword`` (whole string), ``date``,
    ``number``, ``object`` (a path to nested objects), ``absent`` (e.g. ``.exact`` of a
    non-text field: no such field) or ``all`` (the default field: every value).
    Unmapped paths count as text fields with a ``.exact`` sub-field, so small test records
    with their own fields behave like openFDA's.
    """

    name: str
    parts: tuple[str, ...]
    kind: str
    es_type: str


_KIND_BY_TYPE = {
    "text": "text",
    "text+exact": "text",
    "keyword": "keyword",
    "boolean": "keyword",
    "date": "date",
    "object": "object",
}


@lru_cache(maxsize=1024)
def resolve_field(name: str) -> FieldSpec:
    if name in ("", "*"):
        return FieldSpec(name, (), "all", "text")
    exact = name.endswith(".exact")
    base = name[: -len(".exact")] if exact else name
    es_type = FIELD_TYPES.get(base) or ("object" if base in _OBJECT_PATHS else "text+exact")
    if exact:
        kind = "keyword" if es_type == "text+exact" else "absent"
        es_type = "keyword" if kind == "keyword" else es_type
    else:
        kind = "number" if es_type in _NUMBER_TYPES else _KIND_BY_TYPE[es_type]
    return FieldSpec(name, tuple(base.split(".")), kind, es_type)
