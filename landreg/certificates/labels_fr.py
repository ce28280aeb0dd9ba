"""French wording of the code lists a certificate prints.

The certificate is a French legal document whatever the interface language, so its words are fixed here
rather than taken from the interface's translation catalogue.
"""

SEX = {"F": "Féminin", "M": "Masculin"}
ID_DOCUMENT = {
    "national_id": "Carte nationale d'identité",
    "passport": "Passeport",
    "birth_certificate": "Acte de naissance",
    "voter_card": "Carte d'électeur",
    "consular_card": "Carte consulaire",
    "other": "Autre pièce",
}
GROUP_TYPE = {
    "family": "Famille",
    "lineage": "Lignage",
    "community": "Communauté",
    "association": "Association",
    "cooperative": "Coopérative",
}
LAND_USE = {
    "cropland": "Terre de culture",
    "rainfed_cropland": "Culture pluviale",
    "irrigated_cropland": "Culture irriguée",
    "rice_field": "Rizière",
    "orchard": "Verger / plantation",
    "pasture": "Pâturage",
    "fallow": "Jachère",
    "forest": "Forêt / boisement",
    "residential": "Habitation",
    "mixed": "Usage mixte",
    "other": "Autre",
}
SURVEY_METHOD = {
    "gps": "Levé GPS",
    "gnss_rtk": "Levé GNSS RTK",
    "imagery": "Tracé sur imagerie",
    "sketch": "Croquis",
    "total_station": "Station totale",
    "imported": "Importé d'un autre système",
}
TENURE = {"formal": "régime formel", "customary": "régime coutumier"}
