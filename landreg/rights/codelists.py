"""The default code list of rights, restrictions and responsibilities (loaded by a data migration).

LADM codes (ISO 19152 LA_RightType / LA_RestrictionType) and the local secondary rights the procedures
of francophone Africa and Madagascar record (loan, sharecropping, seasonal use, passage, gathering).
"""

# (code, kind, label_fr, label_en, is_secondary, ladm_code)
RIGHT_TYPES = [
    ("ownership", "right", "Propriété", "Ownership", False, "ownership"),
    ("customaryType", "right", "Possession coutumière", "Customary ownership", False, "customaryType"),
    ("commonOwnership", "right", "Propriété collective", "Common ownership", False, "commonOwnership"),
    ("occupation", "right", "Occupation", "Occupation", False, "occupation"),
    (
        "informalOccupation",
        "right",
        "Occupation informelle",
        "Informal occupation",
        False,
        "informalOccupation",
    ),
    ("usufruct", "right", "Usufruit", "Usufruct", False, "usufruct"),
    ("tenancy", "right", "Location", "Tenancy", True, "tenancy"),
    ("lease", "right", "Bail", "Lease", True, "lease"),
    ("grazing", "right", "Droit de pâture", "Grazing", True, "grazing"),
    ("firewood", "right", "Collecte de bois de chauffe", "Firewood collection", True, "firewood"),
    ("fishing", "right", "Droit de pêche", "Fishing", True, "fishing"),
    ("waterrights", "right", "Droit d’eau", "Water rights", True, "waterrights"),
    ("agriActivity", "right", "Activité agricole", "Agricultural activity", True, "agriActivity"),
    ("loan", "right", "Prêt de terre", "Land loan", True, ""),
    ("sharecropping", "right", "Métayage", "Sharecropping", True, ""),
    ("seasonalUse", "right", "Usage saisonnier", "Seasonal use", True, ""),
    ("passage", "right", "Droit de passage", "Right of way", True, ""),
    ("gathering", "right", "Droit de cueillette", "Gathering", True, ""),
    ("servitude", "restriction", "Servitude", "Servitude", False, "servitude"),
    ("mortgage", "restriction", "Hypothèque", "Mortgage", False, "mortgage"),
    ("noBuilding", "restriction", "Interdiction de construire", "No building", False, "noBuilding"),
    (
        "adminPublicServitude",
        "restriction",
        "Servitude administrative",
        "Public servitude",
        False,
        "adminPublicServitude",
    ),
    (
        "monumentMaintenance",
        "responsibility",
        "Entretien d’ouvrage",
        "Maintenance duty",
        False,
        "monumentMaintenance",
    ),
    (
        "waterwayMaintenance",
        "responsibility",
        "Entretien de cours d’eau",
        "Waterway maintenance",
        False,
        "waterwayMaintenance",
    ),
]


def load_default_right_types(right_type_model) -> None:
    """Insert or refresh the default code list (used by the data migration with its historical model)."""
    for code, kind, label_fr, label_en, is_secondary, ladm_code in RIGHT_TYPES:
        right_type_model.objects.update_or_create(
            code=code,
            defaults={
                "kind": kind,
                "label_fr": label_fr,
                "label_en": label_en,
                "is_secondary": is_secondary,
                "ladm_code": ladm_code,
            },
        )
