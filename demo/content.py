"""What `manage.py load_demo` puts in the archive.

Facts (places, the Madison–Arcatao partnership, dated events) come from the seed documents
in ../shared/seeds/ and name their source. Stories, narrators and photos are invented sample
material: each is marked `is_sample` and the site labels it "Sample".
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

# Invented narrators. Sample names only; the one with a real_name shows that it never
# appears publicly.
NARRATORS = [
    {"key": "rosa", "pseudonym": "Rosa (sample)", "community": "arcatao", "consent": "public"},
    {
        "key": "tomas",
        "pseudonym": "Tomás (sample)",
        "community": "santa-marta",
        "consent": "public",
    },
    {"key": "ana", "pseudonym": "Ana (sample)", "community": "nueva-trinidad", "consent": "public"},
    {
        "key": "madison-committee",
        "pseudonym": "A Madison committee member (sample)",
        "community": "madison",
        "consent": "public",
    },
    {
        "key": "anon",
        "pseudonym": "Anonymous (sample)",
        "real_name": "Sample Real Name",
        "community": "san-salvador",
        "consent": "members",
    },
]

# Generated illustrations (demo.load draws them); captions and alt text in both languages.
PHOTOS = [
    {
        "key": "river",
        "title": "Sample illustration: river at dawn",
        "colours": ((244, 196, 120), (60, 120, 80), (70, 130, 180)),
        "caption_en": "The river that the water committee protects (sample illustration).",
        "caption_es": "El río que protege el comité de agua (ilustración de muestra).",
        "alt_en": "Drawing of green hills above a blue river under an orange dawn sky.",
        "alt_es": "Dibujo de cerros verdes sobre un río azul bajo un cielo anaranjado.",
        "place": "nueva-trinidad",
        "themes": ["water"],
        "date": "c. 2005",
    },
    {
        "key": "hills",
        "title": "Sample illustration: hills of Cabañas",
        "colours": ((180, 210, 240), (90, 110, 60), (120, 90, 60)),
        "caption_en": "Hills around Santa Marta, where the mining campaign began (sample).",
        "caption_es": "Cerros de Santa Marta, donde comenzó la lucha contra la minería (muestra).",
        "alt_en": "Drawing of brown and olive hills under a pale blue sky.",
        "alt_es": "Dibujo de cerros cafés y verde oliva bajo un cielo celeste.",
        "place": "santa-marta",
        "themes": ["mining"],
        "date": "2017",
    },
    {
        "key": "plaza",
        "title": "Sample illustration: Arcatao plaza",
        "colours": ((250, 230, 200), (200, 120, 80), (150, 60, 60)),
        "caption_en": "The plaza of Arcatao on the day of a delegation's visit (sample).",
        "caption_es": "La plaza de Arcatao el día de la visita de una delegación (muestra).",
        "alt_en": "Drawing of red-roofed houses around a square at midday.",
        "alt_es": "Dibujo de casas de techo rojo alrededor de una plaza a mediodía.",
        "place": "arcatao",
        "themes": ["delegations"],
        "date": "1990s",
    },
]

# Invented testimonies. `en`/`es` hold (title, summary, paragraphs, quote) for each language
# the story is written in; a missing language shows readers the "translation pending" notice.
STORIES = [
    {
        "slug": "the-day-we-became-sister-cities",
        "slug_es": "el-dia-que-nos-hermanamos",
        "date": "1986",
        "narrators": ["madison-committee"],
        "themes": ["historical-memory", "delegations"],
        "places": ["madison", "arcatao"],
        "photo": "plaza",
        "original": "en",
        "en": (
            "The day we became sister cities",
            "A committee member remembers the Common Council vote that linked Madison and Arcatao.",
            [
                "We packed the council chamber that night. Most of us had never been to El "
                "Salvador, but we had read the news and knew our taxes were paying for the war.",
                "When the vote passed, someone started reading the names of Arcatao's families "
                "aloud. That was when it stopped being a resolution and became a promise.",
            ],
            "It stopped being a resolution and became a promise.",
        ),
        "es": (
            "El día que nos hermanamos",
            "Un integrante del comité recuerda la votación que unió a Madison y Arcatao.",
            [
                "Esa noche llenamos la sala del Concejo. La mayoría nunca había estado en El "
                "Salvador, pero leíamos las noticias y sabíamos que nuestros impuestos pagaban la "
                "guerra.",
                "Cuando se aprobó la votación, alguien empezó a leer en voz alta los nombres de "
                "las familias de Arcatao. Ahí dejó de ser una resolución y se volvió una promesa.",
            ],
            "Dejó de ser una resolución y se volvió una promesa.",
        ),
    },
    {
        "slug": "returning-to-arcatao",
        "slug_es": "el-regreso-a-arcatao",
        "date": "c. 1988",
        "narrators": ["rosa"],
        "themes": ["historical-memory"],
        "places": ["arcatao"],
        "original": "es",
        "sensitive_en": "Mentions violence during the civil war.",
        "sensitive_es": "Menciona violencia durante la guerra civil.",
        "es": (
            "El regreso a Arcatao",
            "Rosa cuenta la repoblación de su comunidad en plena guerra.",
            [
                "Volvimos caminando, con lo poco que teníamos. Las casas estaban sin techo y el "
                "monte había entrado hasta la iglesia.",
                "Las primeras cartas de Madison llegaron ese año. Saber que alguien nos miraba "
                "nos protegía un poco.",
            ],
            "Saber que alguien nos miraba nos protegía un poco.",
        ),
        "en": (
            "Returning to Arcatao",
            "Rosa tells how her community repopulated in the middle of the war.",
            [
                "We walked back with the little we had. The houses had no roofs and the brush "
                "had grown right up to the church.",
                "The first letters from Madison arrived that year. Knowing that someone was "
                "watching protected us a little.",
            ],
            "Knowing that someone was watching protected us a little.",
        ),
    },
    {
        "slug": "the-water-committee",
        "slug_es": "el-comite-de-agua",
        "date": "c. 2005",
        "narrators": ["ana"],
        "themes": ["water"],
        "places": ["nueva-trinidad"],
        "photo": "river",
        "original": "es",
        "es": (
            "El comité de agua de Nueva Trinidad",
            "Cómo la comunidad organizó el cuidado de su río y de sus nacimientos.",
            [
                "Cada familia da un día de trabajo al mes para limpiar los nacimientos. Sin agua "
                "no hay escuela, no hay milpa, no hay nada.",
                "Las delegaciones nos ayudaron a comprar tubería, pero el trabajo y las "
                "decisiones son de la comunidad.",
            ],
            "Sin agua no hay escuela, no hay milpa, no hay nada.",
        ),
        "en": (
            "The water committee of Nueva Trinidad",
            "How the community organised the care of its river and springs.",
            [
                "Every family gives one day of work a month to clean the springs. Without water "
                "there is no school, no cornfield, nothing.",
                "Delegations helped us buy pipe, but the work and the decisions belong to the "
                "community.",
            ],
            "Without water there is no school, no cornfield, nothing.",
        ),
    },
    {
        "slug": "no-to-mining",
        "slug_es": "no-a-la-mineria",
        "date": "2017",
        "narrators": ["tomas"],
        "themes": ["mining"],
        "places": ["santa-marta"],
        "photo": "hills",
        "original": "es",
        "es": (
            "No a la minería: la larga lucha de Santa Marta",
            "Tomás recuerda los años de organización que terminaron en la prohibición de 2017.",
            [
                "Nos dijeron que la mina traería trabajo. Nosotros preguntamos: ¿y el agua de "
                "nuestros hijos?",
                "El día que se aprobó la ley lloramos en la plaza. Fue el primer país del mundo, "
                "y empezó en comunidades como la nuestra.",
            ],
            "¿Y el agua de nuestros hijos?",
        ),
        "en": (
            "No to mining: Santa Marta's long campaign",
            "Tomás remembers the years of organising that ended in the 2017 ban.",
            [
                "They told us the mine would bring jobs. We asked: and our children's water?",
                "The day the law passed we cried in the plaza. It was the first country in the "
                "world, and it started in communities like ours.",
            ],
            "And our children's water?",
        ),
    },
    {
        "slug": "studying-with-a-dhp-scholarship",
        "slug_es": "estudiar-con-la-beca-dhp",
        "date": "2018",
        "narrators": ["ana"],
        "themes": ["scholarships-education", "migration"],
        "places": ["san-salvador", "arcatao"],
        "original": "es",
        "es": (
            "Estudiar en San Salvador con la beca DHP",
            "Una estudiante cuenta su primer año lejos de casa.",
            [
                "Vivimos juntas en una casa en San Salvador. Cada mes nos reunimos con los "
                "padres y la parroquia para hablar de la cultura de paz.",
                "Sin la beca me habría ido al norte, como mis primos.",
            ],
            "Sin la beca me habría ido al norte.",
        ),
    },
    {
        "slug": "why-my-cousin-went-north",
        "slug_es": "por-que-mi-primo-se-fue-al-norte",
        "date": "2010s",
        "narrators": ["rosa"],
        "themes": ["migration"],
        "places": ["arcatao"],
        "original": "es",
        "es": (
            "Por qué mi primo se fue al norte",
            "La sequía, las deudas y la decisión de una familia.",
            [
                "Dos años seguidos se perdió la cosecha. Mi primo decía que no quería irse, que "
                "quería quedarse a sembrar.",
                "Ahora nos llama los domingos. Pregunta si ya llovió.",
            ],
            "Pregunta si ya llovió.",
        ),
    },
    {
        "slug": "a-delegations-first-week",
        "slug_es": "la-primera-semana-de-una-delegacion",
        "date": "1990s",
        "narrators": ["madison-committee"],
        "themes": ["delegations"],
        "places": ["arcatao", "madison"],
        "photo": "plaza",
        "original": "en",
        "en": (
            "A delegation's first week",
            "Notes from a first visit to Arcatao.",
            [
                "On the first day they gave us the best beds and slept on the floor themselves. "
                "We argued; they won.",
                "We came to accompany and ended up being accompanied.",
            ],
            "We came to accompany and ended up being accompanied.",
        ),
    },
    {
        "slug": "climate-and-the-harvest",
        "slug_es": "el-clima-y-la-cosecha",
        "date": "2020s",
        "narrators": ["tomas"],
        "themes": ["environment-climate", "migration"],
        "places": ["santa-marta"],
        "original": "es",
        "es": (
            "El clima y la cosecha",
            "Lluvias que ya no llegan cuando deben.",
            [
                "Antes sembrábamos en mayo. Ahora esperamos y esperamos, y cuando llueve, llueve "
                "todo de una vez.",
            ],
            "Cuando llueve, llueve todo de una vez.",
        ),
        "en": (
            "Climate and the harvest",
            "Rains that no longer come when they should.",
            [
                "We used to plant in May. Now we wait and wait, and when it rains, it rains all "
                "at once.",
            ],
            "When it rains, it rains all at once.",
        ),
    },
    {
        "slug": "waiting-for-news",
        "slug_es": "esperando-noticias",
        "date": "2022",
        "narrators": ["anon"],
        "themes": ["historical-memory"],
        "places": ["san-salvador"],
        "visibility": "members",
        "original": "es",
        "sensitive_en": "Describes an arrest and detention.",
        "sensitive_es": "Describe una detención.",
        "es": (
            "Esperando noticias bajo el régimen de excepción",
            "Una familia busca a un hijo detenido sin orden judicial (solo para miembros).",
            [
                "Fuimos de bartolina en bartolina preguntando por él. Nadie nos decía nada.",
            ],
            "Nadie nos decía nada.",
        ),
        "en": (
            "Waiting for news under the State of Exception",
            "A family searches for a son detained without a warrant (members only).",
            [
                "We went from cell to cell asking for him. Nobody told us anything.",
            ],
            "Nobody told us anything.",
        ),
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
