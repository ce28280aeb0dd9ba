"""Names for the demo village: common Burkinabè family and first names, combined deterministically."""

FAMILY_NAMES = [
    "Ouédraogo",
    "Sawadogo",
    "Compaoré",
    "Kaboré",
    "Zongo",
    "Tapsoba",
    "Ilboudo",
    "Nikièma",
    "Bonkoungou",
    "Kiemtoré",
    "Yaméogo",
    "Zoungrana",
    "Ouattara",
    "Traoré",
    "Diallo",
    "Bationo",
]
WOMEN = [
    "Aminata",
    "Salimata",
    "Awa",
    "Mariam",
    "Fatimata",
    "Rasmata",
    "Pauline",
    "Habibou",
    "Alimata",
    "Téné",
]
MEN = ["Issa", "Boukary", "Adama", "Souleymane", "Moussa", "Karim", "Ousmane", "Salif", "Noufou", "Hamado"]
WOMEN_PROFESSIONS = ["cultivatrice", "commerçante", "maraîchère"]
MEN_PROFESSIONS = ["cultivateur", "éleveur", "artisan"]
