"""What `manage.py load_demo` puts in the archive.

Facts (places, the Madison–Arcatao partnership, dated events) come from the seed documents
in ../shared/seeds/ and name their source. Stories, narrators and photos are invented sample
material, in demo/sample_stories.py.
Coordinates are approximate town centres.
"""

PLACES = [
    # slug, name_en, name_es, country, region, latitude, longitude
    ("arcatao", "Arcatao", "Arcatao", "SV", "Chalatenango", "14.0833", "-88.7500"),
    (
        "nueva-trinidad",
        "Nueva Trinidad",
        "Nueva Trinidad",
        "SV",
        "Chalatenango",
        "14.0667",
        "-88.8000",
    ),
    ("santa-marta", "Santa Marta", "Santa Marta", "SV", "Cabañas", "13.8800", "-88.6300"),
    ("san-salvador", "San Salvador", "San Salvador", "SV", "San Salvador", "13.6929", "-89.2182"),
    ("madison", "Madison", "Madison", "US", "Wisconsin", "43.0731", "-89.4012"),
]

PARTNERSHIPS = [
    {
        "us_place": "madison",
        "salvadoran_place": "arcatao",
        "committee_name": "Madison Arcatao Sister City Project (MASCP)",
        "since_year": 1986,
        "through_organisation": "CRIPDES",
        "description_en": (
            "Established in 1986 when Madison's Common Council named Arcatao its first "
            "official sister city. Part of the US–El Salvador Sister Cities network."
        ),
        "description_es": (
            "Fundado en 1986, cuando el Concejo Municipal de Madison nombró a Arcatao su "
            "primera ciudad hermana oficial. Forma parte de la red de Ciudades Hermanas "
            "Estados Unidos–El Salvador."
        ),
    },
]

SOURCE_NETWORK = "US–El Salvador Sister Cities, “About our network”"
SOURCE_MASCP = "Madison Arcatao Sister City Project, “About MASCP”"
SOURCE_CISPES = "CISPES, “Take Action in Solidarity with El Salvador”"
SOURCE_MASCP_2018 = "MASCP, 2018 goals"

# key, date text (archive.models.dates.HistoricalDate.parse), headline en/es, text en/es,
# source, themes, places
EVENTS = [
    {
        "key": "civil-war",
        "date": "1980–1992",
        "headline_en": "Civil war in El Salvador",
        "headline_es": "Guerra civil en El Salvador",
        "text_en": "Twelve years of war, with the United States backing the Salvadoran government.",
        "text_es": "Doce años de guerra, con el apoyo de Estados Unidos al gobierno salvadoreño.",
        "source": SOURCE_NETWORK,
        "themes": ["historical-memory"],
        "places": [],
    },
    {
        "key": "sistering",
        "date": "1986",
        "headline_en": "Sistering begins: Madison names Arcatao its first official sister city",
        "headline_es": (
            "Comienza el hermanamiento: Madison nombra a Arcatao su primera ciudad hermana"
        ),
        "text_en": (
            "US communities form partnerships with rural Salvadoran communities through "
            "CRIPDES, in response to US intervention in the civil war."
        ),
        "text_es": (
            "Comunidades de Estados Unidos se hermanan con comunidades rurales salvadoreñas "
            "a través de CRIPDES, en respuesta a la intervención de EE. UU. en la guerra civil."
        ),
        "source": SOURCE_MASCP,
        "themes": ["historical-memory", "delegations"],
        "places": ["madison", "arcatao"],
    },
    {
        "key": "mining-ban",
        "date": "2017",
        "headline_en": "El Salvador bans metal mining, the first country in the world to do so",
        "headline_es": "El Salvador prohíbe la minería metálica, primer país del mundo en hacerlo",
        "text_en": "A ban won by a grassroots movement that includes the community of Santa Marta.",
        "text_es": (
            "Una prohibición lograda por un movimiento de base del que forma parte Santa Marta."
        ),
        "source": SOURCE_CISPES,
        "themes": ["mining"],
        "places": ["santa-marta"],
    },
    {
        "key": "dhp-scholarships",
        "date": "2018",
        "headline_en": "The DHP scholarship programme supports 30 students",
        "headline_es": "El programa de becas DHP apoya a 30 estudiantes",
        "text_en": (
            "Housing in San Salvador, tuition, transport, texts and food for students from "
            "Arcatao and Nueva Trinidad."
        ),
        "text_es": (
            "Vivienda en San Salvador, matrícula, transporte, libros y alimentación para "
            "estudiantes de Arcatao y Nueva Trinidad."
        ),
        "source": SOURCE_MASCP_2018,
        "themes": ["scholarships-education"],
        "places": ["arcatao", "nueva-trinidad", "san-salvador"],
    },
    {
        "key": "state-of-exception",
        "date": "2022-03-22",
        "headline_en": "State of Exception suspends constitutional rights",
        "headline_es": "El régimen de excepción suspende los derechos constitucionales",
        "text_en": "Mass arrests of some 70,000 people without warrants follow.",
        "text_es": "Le siguen detenciones masivas de unas 70.000 personas sin orden judicial.",
        "source": SOURCE_CISPES,
        "themes": ["historical-memory"],
        "places": [],
    },
    {
        "key": "santa-marta-arrests",
        "date": "2023-01-11",
        "headline_en": "Five environmental defenders from Santa Marta are arrested",
        "headline_es": "Detienen a cinco defensores ambientales de Santa Marta",
        "text_en": (
            "Community leaders of the movement that won the mining ban are detained on "
            "charges local organisations call political persecution."
        ),
        "text_es": (
            "Líderes del movimiento que logró la prohibición de la minería son detenidos con "
            "cargos que las organizaciones locales califican de persecución política."
        ),
        "source": SOURCE_CISPES,
        "themes": ["mining", "historical-memory"],
        "places": ["santa-marta"],
    },
]

# A curated timeline built from the dated facts above (EVENTS keys), for educators.
SISTER_CITIES_TIMELINE = {
    "title_en": "Sister cities since 1986",
    "title_es": "Ciudades hermanas desde 1986",
    "slug_en": "sister-cities-since-1986",
    "slug_es": "ciudades-hermanas-desde-1986",
    "introduction_en": (
        "Key moments of the US–El Salvador sister-city movement, from the civil war to today."
    ),
    "introduction_es": (
        "Momentos clave del movimiento de ciudades hermanas entre Estados Unidos y "
        "El Salvador, desde la guerra civil hasta hoy."
    ),
    "events": [
        "civil-war",
        "sistering",
        "mining-ban",
        "dhp-scholarships",
        "state-of-exception",
        "santa-marta-arrests",
    ],
    # label_en, label_es, start year, end year (None: still going on)
    "eras": [
        ("Civil war", "Guerra civil", 1980, 1992),
        ("State of Exception", "Régimen de excepción", 2022, None),
    ],
}
