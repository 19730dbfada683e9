"""The invented narrators and drawn photos of the demo stories (demo/sample_stories.py).

Every one is sample material. A narrator's pseudonym and a photo's title are single fields
shown in both languages, so they are names, places and years that read the same in English
and Spanish; the photo's caption, in each language, says it is a sample illustration.
`former` is what an earlier demo called the record, so `load_demo` renames it instead of
adding a second one.
"""

# Sample names only; the one with a real_name shows that it never appears publicly.
NARRATORS = [
    {"key": "rosa", "pseudonym": "Rosa", "former": "Rosa (sample)", "community": "arcatao"},
    {"key": "tomas", "pseudonym": "Tomás", "former": "Tomás (sample)", "community": "santa-marta"},
    {"key": "ana", "pseudonym": "Ana", "former": "Ana (sample)", "community": "nueva-trinidad"},
    {
        "key": "madison-committee",
        "pseudonym": "Carol",
        "former": "A Madison committee member (sample)",
        "community": "madison",
    },
    {"key": "marta", "pseudonym": "Marta", "community": "madison"},
    {"key": "don-chepe", "pseudonym": "Don Chepe", "community": "nueva-trinidad"},
    {
        "key": "anon",
        "pseudonym": "R. M.",
        "former": "Anonymous (sample)",
        "real_name": "Sample Real Name",
        "community": "san-salvador",
        "consent": "members",
    },
]

CREDIT = "Memoria"
FORMER_CREDIT = "Memoria demo (sample illustration)"
SAMPLE_EN = "sample illustration"
SAMPLE_ES = "ilustración de muestra"


def _photo(key, place, year, themes, colours, caption, alt, former=""):
    """One drawn photo: caption and alt text are (English, Spanish)."""
    title = f"{dict(PLACE_NAMES)[place]}, {year}"
    return {
        "key": key,
        "title": title,
        "former": former,
        "colours": colours,
        "caption_en": f"{caption[0]} ({SAMPLE_EN}).",
        "caption_es": f"{caption[1]} ({SAMPLE_ES}).",
        "alt_en": alt[0],
        "alt_es": alt[1],
        "place": place,
        "themes": themes,
        "date": str(year),
    }


PLACE_NAMES = [
    ("arcatao", "Arcatao"),
    ("nueva-trinidad", "Nueva Trinidad"),
    ("santa-marta", "Santa Marta"),
    ("san-salvador", "San Salvador"),
    ("madison", "Madison"),
]
BROWN, OLIVE, RED, BLUE = (120, 90, 60), (90, 110, 60), (150, 60, 60), (70, 130, 180)

# key, place, year, themes, (sky, hills, ground) colours, caption en/es, alt text en/es
PHOTOS = [
    _photo(
        "river", "nueva-trinidad", 2005, ["water"], ((244, 196, 120), (60, 120, 80), BLUE),
        ("The river that the water committee protects", "El río que protege el comité de agua"),
        ("Drawing of green hills above a blue river under an orange dawn sky.",
         "Dibujo de cerros verdes sobre un río azul bajo un cielo anaranjado."),
        former="Sample illustration: river at dawn",
    ),
    _photo(
        "hills", "santa-marta", 2017, ["mining"], ((180, 210, 240), OLIVE, BROWN),
        ("Hills around Santa Marta, where the mining campaign began",
         "Cerros de Santa Marta, donde comenzó la lucha contra la minería"),
        ("Drawing of brown and olive hills under a pale blue sky.",
         "Dibujo de cerros cafés y verde oliva bajo un cielo celeste."),
        former="Sample illustration: hills of Cabañas",
    ),
    _photo(
        "plaza", "arcatao", 1992, ["delegations"], ((250, 230, 200), (200, 120, 80), RED),
        ("The plaza of Arcatao on the day of a delegation's visit",
         "La plaza de Arcatao el día de la visita de una delegación"),
        ("Drawing of red-roofed houses around a square at midday.",
         "Dibujo de casas de techo rojo alrededor de una plaza a mediodía."),
        former="Sample illustration: Arcatao plaza",
    ),
    _photo(
        "repopulation", "arcatao", 1988, ["historical-memory"], ((200, 200, 190), OLIVE, BROWN),
        ("Roofless houses on the return to Arcatao", "Casas sin techo al regresar a Arcatao"),
        ("Drawing of grey hills and bare brown ground under a cloudy sky.",
         "Dibujo de cerros grises y tierra café bajo un cielo nublado."),
    ),
    _photo(
        "cathedral", "san-salvador", 1989, ["historical-memory"],
        ((230, 200, 170), (110, 110, 120), (90, 80, 80)),
        ("San Salvador in the year of the offensive", "San Salvador en el año de la ofensiva"),
        ("Drawing of a grey city skyline under a dusty evening sky.",
         "Dibujo de una ciudad gris bajo un cielo polvoriento de atardecer."),
    ),
    _photo(
        "seedlings", "nueva-trinidad", 1996, ["environment-climate"],
        ((190, 225, 245), (80, 150, 70), BROWN),
        ("Young trees planted on the bare hills",
         "Árboles jóvenes sembrados en los cerros pelados"),
        ("Drawing of light green hills over brown soil under a clear sky.",
         "Dibujo de cerros verde claro sobre tierra café bajo un cielo despejado."),
    ),
    _photo(
        "lake", "madison", 2006, ["migration"], ((200, 215, 235), (235, 240, 245), BLUE),
        ("A winter lake in Madison, far from home",
         "Un lago en invierno en Madison, lejos de casa"),
        ("Drawing of white snowy hills beside a blue lake.",
         "Dibujo de cerros nevados junto a un lago azul."),
    ),
    _photo(
        "road-north", "arcatao", 2014, ["migration"], ((240, 220, 170), (170, 150, 90), BROWN),
        ("The dry road out of Arcatao", "El camino seco que sale de Arcatao"),
        ("Drawing of yellowed hills and a dusty brown road.",
         "Dibujo de cerros amarillentos y un camino de tierra."),
    ),
    _photo(
        "student-house", "san-salvador", 2018, ["scholarships-education"],
        ((180, 220, 250), (120, 160, 200), (200, 190, 170)),
        ("The scholarship students' house", "La casa de las estudiantes becadas"),
        ("Drawing of blue-grey hills above a pale street.",
         "Dibujo de cerros gris azulado sobre una calle clara."),
    ),
    _photo(
        "dry-field", "santa-marta", 2023, ["environment-climate"],
        ((250, 210, 150), (190, 160, 90), (160, 120, 70)),
        ("A cornfield waiting for rain", "Una milpa esperando la lluvia"),
        ("Drawing of parched yellow hills and cracked brown ground.",
         "Dibujo de cerros amarillos resecos y tierra café agrietada."),
    ),
    _photo(
        "tank", "nueva-trinidad", 2021, ["water"], ((170, 200, 230), (70, 140, 90), BLUE),
        ("The school's new rainwater tank", "El nuevo tanque de agua lluvia de la escuela"),
        ("Drawing of green hills and a wide blue band of water under a rainy sky.",
         "Dibujo de cerros verdes y una franja azul de agua bajo un cielo lluvioso."),
    ),
]  # fmt: skip
