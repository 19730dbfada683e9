"""The demo's recorded testimonies (`manage.py load_demo`, demo/recorded.py): three sample
stories whose narrators speak with a voice synthesised by espeak-ng, one sentence at a time.

Every story, narrator and voice is invented; what they tell comes from the seed documents
(the 1986 sistering through CRIPDES and the network's 17 sister cities, the repopulation of
Arcatao, water committees, migration and scholarships, the 2017 metal-mining ban and the
arrest of five Santa Marta defenders in January 2023). Each says it is a sample in both
languages: in its summary (the lead of its page, its card and its search results) and in
the first line it speaks, and its text says the voice is synthesised.

A sentence is (what the narrator says, its translation). Both transcripts give each sentence
the same times, measured from the synthesised audio, so the translation's subtitles follow
the voice. A part of the index starts with its first sentence.
"""

LABEL = {
    "en": "Sample recording — synthesised voice.",
    "es": "Grabación de muestra — voz sintetizada.",
}

# Words espeak-ng reads badly, and how the narrator says them; transcripts keep the written form.
SPOKEN_AS = {"en": {"1986": "nineteen eighty-six"}, "es": {}}

# Invented pseudonyms (the same in both languages). Consent is recorded as public; Don Beto
# agreed to publish his words but not his voice ("words yes, voice no"), so his story shows
# the transcript and no player.
NARRATORS = [
    {"key": "helen", "pseudonym": "Helen", "community": "madison", "voice": True},
    {"key": "chayo", "pseudonym": "Doña Chayo", "community": "arcatao", "voice": True},
    {"key": "beto", "pseudonym": "Don Beto", "community": "santa-marta", "voice": False},
]


def _story(slug, slug_es, date, narrator, themes, places, photo, original, en, es, **more):
    """A story as demo/sample_stories.py writes one: `en`/`es` are (title, summary,
    paragraphs, quote); the summary begins with the sample label."""
    texts = {}
    for language, (title, summary, paragraphs, quote) in (("en", en), ("es", es)):
        texts[language] = (title, f"{LABEL[language]} {summary}", paragraphs, quote)
    return {
        "slug": slug,
        "slug_es": slug_es,
        "date": date,
        "narrators": [narrator],
        "themes": themes,
        "places": places,
        "photo": photo,
        "original": original,
        **texts,
        **more,
    }


SAMPLES = [
    {
        "voice": "en-us+f3",
        "story": _story(
            "a-promise-made-in-1986",
            "una-promesa-de-1986",
            "1986",
            "helen",
            ["delegations", "historical-memory"],
            ["madison", "arcatao"],
            "plaza",
            "en",
            en=(
                "A promise made in 1986: a recorded testimony",
                "Helen, of the Madison committee, tells how Madison and Arcatao became sister "
                "cities.",
                [
                    "Helen is invented for the demo and her voice is synthesised by a "
                    "computer; what she tells comes from the sister-city network's own "
                    "documents. Listen to her above, or read the transcript in English or "
                    "Spanish."
                ],
                "We went to accompany Arcatao, and Arcatao has accompanied us ever since.",
            ),
            es=(
                "Una promesa de 1986: testimonio grabado",
                "Helen, del comité de Madison, cuenta cómo Madison y Arcatao se hermanaron.",
                [
                    "Helen es un personaje inventado para la demostración y su voz la sintetiza "
                    "una computadora; lo que cuenta viene de los documentos de la red de "
                    "ciudades hermanas. Escúchela arriba o lea la transcripción en español o en "
                    "inglés."
                ],
                "Fuimos a acompañar a Arcatao, y desde entonces Arcatao nos acompaña.",
            ),
        ),
        "segments": [
            {
                "title": ("The vote in the Common Council", "La votación en el Concejo Municipal"),
                "synopsis": (
                    "Why Madison named Arcatao its first official sister city in 1986, in the "
                    "middle of the civil war.",
                    "Por qué Madison nombró a Arcatao su primera ciudad hermana oficial en 1986, "
                    "en plena guerra civil.",
                ),
                "keywords": (
                    "Common Council; sister city; civil war",
                    "Concejo Municipal; ciudad hermana; guerra civil",
                ),
                "themes": ["historical-memory"],
                "places": ["madison", "arcatao"],
                "sentences": [
                    (LABEL["en"], LABEL["es"]),
                    (
                        "In 1986, Madison's Common Council named Arcatao its first official "
                        "sister city.",
                        "En 1986, el Concejo Municipal de Madison nombró a Arcatao su primera "
                        "ciudad hermana oficial.",
                    ),
                    (
                        "El Salvador was at war, and our taxes were paying for one side of it.",
                        "El Salvador estaba en guerra, y nuestros impuestos pagaban a uno de los "
                        "bandos.",
                    ),
                    (
                        "We wanted our city to answer with friendship instead.",
                        "Quisimos que nuestra ciudad respondiera con amistad.",
                    ),
                ],
            },
            {
                "title": ("Through CRIPDES, a network", "A través de CRIPDES, una red"),
                "synopsis": (
                    "How the communities were met through CRIPDES, and the seventeen sister "
                    "cities that now work as one network.",
                    "Cómo se conoció a las comunidades a través de CRIPDES, y las diecisiete "
                    "ciudades hermanas que hoy trabajan como una red.",
                ),
                "keywords": ("CRIPDES; network; volunteers", "CRIPDES; red; voluntariado"),
                "themes": ["delegations"],
                "places": ["arcatao"],
                "sentences": [
                    (
                        "We met the communities through CRIPDES, the association of rural "
                        "communities.",
                        "Conocimos a las comunidades a través de CRIPDES, la asociación de "
                        "comunidades rurales.",
                    ),
                    (
                        "Today seventeen sister cities in the United States work together as "
                        "one network.",
                        "Hoy diecisiete ciudades hermanas de Estados Unidos trabajan juntas como "
                        "una sola red.",
                    ),
                    (
                        "Our core group is small, but more than a hundred and fifty friends "
                        "help us.",
                        "Nuestro grupo central es pequeño, pero más de ciento cincuenta amigos "
                        "nos ayudan.",
                    ),
                ],
            },
            {
                "title": ("Accompaniment, both ways", "Acompañamiento en los dos sentidos"),
                "synopsis": (
                    "What the delegations brought back to Madison.",
                    "Lo que las delegaciones trajeron de vuelta a Madison.",
                ),
                "keywords": ("delegations; accompaniment", "delegaciones; acompañamiento"),
                "themes": ["delegations"],
                "places": ["madison", "arcatao"],
                "sentences": [
                    (
                        "Every delegation comes home changed.",
                        "Cada delegación vuelve a casa cambiada.",
                    ),
                    (
                        "We went to accompany Arcatao, and Arcatao has accompanied us ever since.",
                        "Fuimos a acompañar a Arcatao, y desde entonces Arcatao nos acompaña.",
                    ),
                ],
            },
        ],
    },
    {
        "voice": "es-419+f2",
        "story": _story(
            "coming-back-to-arcatao",
            "volver-a-arcatao",
            "c. 1988",
            "chayo",
            ["historical-memory", "water", "migration"],
            ["arcatao", "madison"],
            "repopulation",
            "es",
            es=(
                "Volver a Arcatao: testimonio grabado",
                "Doña Chayo recuerda la repoblación, el comité de agua y a los jóvenes que se "
                "van al norte.",
                [
                    "Doña Chayo es un personaje inventado para la demostración y su voz la "
                    "sintetiza una computadora; lo que cuenta viene de los documentos de la red "
                    "de ciudades hermanas. Escúchela arriba o lea la transcripción en español o "
                    "en inglés."
                ],
                "El agua es de la comunidad, no se vende.",
            ),
            en=(
                "Coming back to Arcatao: a recorded testimony",
                "Doña Chayo remembers the repopulation, the water committee and the young "
                "people who go north.",
                [
                    "Doña Chayo is invented for the demo and her voice is synthesised by a "
                    "computer; what she tells comes from the sister-city network's own "
                    "documents. Listen to her above, or read the transcript in Spanish or "
                    "English."
                ],
                "The water belongs to the community; it is not for sale.",
            ),
        ),
        "segments": [
            {
                "title": ("Repopulation", "La repoblación"),
                "synopsis": (
                    "Families who had lived as refugees return to Arcatao in 1988, during the war.",
                    "Familias que vivían refugiadas vuelven a Arcatao en 1988, en plena guerra.",
                ),
                "keywords": ("repopulation; refugees; letters", "repoblación; refugio; cartas"),
                "themes": ["historical-memory"],
                "places": ["arcatao", "madison"],
                "sentences": [
                    (LABEL["es"], LABEL["en"]),
                    (
                        "Volvimos a Arcatao en 1988, en plena guerra.",
                        "We came back to Arcatao in 1988, in the middle of the war.",
                    ),
                    (
                        "Éramos familias que habían vivido refugiadas, y decidimos repoblar "
                        "nuestro pueblo.",
                        "We were families who had lived as refugees, and we decided to "
                        "repopulate our town.",
                    ),
                    (
                        "Las cartas de Madison nos recordaban que no estábamos solos.",
                        "The letters from Madison reminded us that we were not alone.",
                    ),
                ],
            },
            {
                "title": ("The water committee", "El comité de agua"),
                "synopsis": (
                    "After the war the community organises the care of its springs and shares "
                    "the water in turns.",
                    "Después de la guerra la comunidad organiza el cuidado de sus nacimientos y "
                    "reparte el agua por turnos.",
                ),
                "keywords": (
                    "water; springs; water committee",
                    "agua; nacimientos; comité de agua",
                ),
                "themes": ["water"],
                "places": ["arcatao"],
                "sentences": [
                    (
                        "Después de la guerra organizamos un comité de agua.",
                        "After the war we organised a water committee.",
                    ),
                    (
                        "Cuidamos los nacimientos y repartimos el agua por turnos, casa por casa.",
                        "We look after the springs and share the water in turns, house by house.",
                    ),
                    (
                        "El agua es de la comunidad, no se vende.",
                        "The water belongs to the community; it is not for sale.",
                    ),
                ],
            },
            {
                "title": ("Those who go north", "Los que se van al norte"),
                "synopsis": (
                    "Drought pushes young people to migrate; scholarships help them stay.",
                    "La sequía empuja a los jóvenes a migrar; las becas les ayudan a quedarse.",
                ),
                "keywords": ("migration; drought; scholarships", "migración; sequía; becas"),
                "themes": ["migration"],
                "places": ["arcatao"],
                "sentences": [
                    (
                        "Cuando la sequía quema la milpa, los jóvenes se van al norte.",
                        "When drought burns the cornfield, the young people go north.",
                    ),
                    (
                        "Las becas ayudan a que estudien aquí y se queden con nosotros.",
                        "Scholarships help them study here and stay with us.",
                    ),
                ],
            },
        ],
    },
    {
        "voice": "es-419",
        "story": _story(
            "santa-marta-said-no",
            "santa-marta-dijo-no",
            "2017",
            "beto",
            ["mining", "water", "historical-memory"],
            ["santa-marta"],
            "hills",
            "es",
            sensitive_en="Mentions the arrest of community leaders.",
            sensitive_es="Menciona la detención de líderes comunitarios.",
            es=(
                "Santa Marta dijo no: testimonio grabado",
                "Don Beto aceptó publicar sus palabras, no su voz: aquí está la transcripción "
                "de su testimonio sobre la prohibición de la minería, sin la grabación.",
                [
                    "Don Beto es un personaje inventado para la demostración y su voz la "
                    "sintetizó una computadora; lo que cuenta viene de los documentos de la red "
                    "de ciudades hermanas. Como el narrador no aceptó que se publique su voz, "
                    "la página muestra solo la transcripción."
                ],
                "Cuento esto con mis palabras y no con mi voz.",
            ),
            en=(
                "Santa Marta said no: a recorded testimony",
                "Don Beto agreed to publish his words, not his voice: here is the transcript of "
                "his testimony about the mining ban, without the recording.",
                [
                    "Don Beto is invented for the demo and his voice was synthesised by a "
                    "computer; what he tells comes from the sister-city network's own "
                    "documents. As the narrator did not agree to publishing his voice, the "
                    "page shows only the transcript."
                ],
                "I tell this in my words and not in my voice.",
            ),
        ),
        "segments": [
            {
                "title": ("Water first", "Primero el agua"),
                "synopsis": (
                    "Why the community opposed the mine: its rivers.",
                    "Por qué la comunidad se opuso a la mina: sus ríos.",
                ),
                "keywords": ("water; rivers; mine", "agua; ríos; mina"),
                "themes": ["water"],
                "places": ["santa-marta"],
                "sentences": [
                    (LABEL["es"], LABEL["en"]),
                    (
                        "La mina prometía trabajo, pero iba a envenenar nuestros ríos.",
                        "The mine promised jobs, but it would have poisoned our rivers.",
                    ),
                    (
                        "Sin agua no hay vida, y eso lo entendieron hasta los niños.",
                        "Without water there is no life, and even the children understood that.",
                    ),
                ],
            },
            {
                "title": ("The 2017 ban", "La prohibición de 2017"),
                "synopsis": (
                    "Years of organising, community by community, end in the world's first ban "
                    "on metal mining.",
                    "Años de organización, comunidad por comunidad, terminan en la primera "
                    "prohibición de la minería metálica del mundo.",
                ),
                "keywords": (
                    "metal mining; ban; organising",
                    "minería metálica; prohibición; organización",
                ),
                "themes": ["mining"],
                "places": ["santa-marta"],
                "sentences": [
                    (
                        "Durante años fuimos de comunidad en comunidad explicando lo que hace "
                        "la minería metálica.",
                        "For years we went from community to community explaining what metal "
                        "mining does.",
                    ),
                    (
                        "En 2017 El Salvador prohibió la minería metálica, el primer país del "
                        "mundo en hacerlo.",
                        "In 2017 El Salvador banned metal mining, the first country in the world "
                        "to do so.",
                    ),
                ],
            },
            {
                "title": ("Defenders in prison", "Defensores presos"),
                "synopsis": (
                    "The arrest of five Santa Marta defenders in January 2023, and why the "
                    "narrator keeps his voice private.",
                    "La detención de cinco defensores de Santa Marta en enero de 2023, y por qué "
                    "el narrador no publica su voz.",
                ),
                "keywords": (
                    "arrests; environmental defenders",
                    "detenciones; defensores ambientales",
                ),
                "themes": ["historical-memory", "mining"],
                "places": ["santa-marta"],
                "sentences": [
                    (
                        "El 11 de enero de 2023 detuvieron a cinco defensores de Santa Marta.",
                        "On 11 January 2023 five defenders from Santa Marta were arrested.",
                    ),
                    (
                        "Por eso cuento esto con mis palabras y no con mi voz.",
                        "That is why I tell this in my words and not in my voice.",
                    ),
                ],
            },
        ],
    },
]

STORIES = [sample["story"] for sample in SAMPLES]
