"""The demo's invented testimonies (`manage.py load_demo`): all sample material, marked
`is_sample`, which the site labels in the reader's language.

Together they cover every theme, every decade from the 1980s to the 2020s and every demo
place, each public one with a drawn photo (demo/sample_photos.py);
tests/archive/test_demo_coverage.py checks that through the public site. Most are in both
languages; two are Spanish-only and two English-only, to show what readers of the other
language see.
"""

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
        "photo": "repopulation",
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
        "photo": "student-house",
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
        "photo": "road-north",
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
        "photo": "dry-field",
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
    {
        "slug": "witnessing-in-san-salvador",
        "slug_es": "testigos-en-san-salvador",
        "date": "1989",
        "narrators": ["madison-committee"],
        "themes": ["historical-memory", "delegations"],
        "places": ["san-salvador", "madison"],
        "photo": "cathedral",
        "original": "en",
        "sensitive_en": "Mentions military violence.",
        "sensitive_es": "Menciona violencia militar.",
        "en": (
            "Witnessing in San Salvador",
            "A delegation arrives in the capital in the year of the offensive.",
            [
                "We were told to carry our passports everywhere. The soldiers at the "
                "checkpoints had rifles our own government had paid for.",
                "Back in Madison we wrote to our representatives every week. We had seen it; "
                "we could not pretend we had not.",
            ],
            "We had seen it; we could not pretend we had not.",
        ),
    },
    {
        "slug": "replanting-the-hills",
        "slug_es": "reforestar-los-cerros",
        "date": "1990s",
        "narrators": ["don-chepe"],
        "themes": ["environment-climate"],
        "places": ["nueva-trinidad"],
        "photo": "seedlings",
        "original": "es",
        "es": (
            "Reforestar los cerros",
            "Después de la guerra, la comunidad sembró árboles donde hubo bombardeos.",
            [
                "Los cerros quedaron pelados. Cada familia se comprometió a cuidar cien "
                "arbolitos, y los niños los regaban antes de ir a la escuela.",
                "Hoy hay sombra donde antes solo había ceniza.",
            ],
            "Hoy hay sombra donde antes solo había ceniza.",
        ),
        "en": (
            "Replanting the hills",
            "After the war, the community planted trees where there had been bombing.",
            [
                "The hills were left bare. Every family promised to look after a hundred "
                "seedlings, and the children watered them before school.",
                "Today there is shade where there was only ash.",
            ],
            "Today there is shade where there was only ash.",
        ),
    },
    {
        "slug": "far-from-home-in-madison",
        "slug_es": "lejos-de-casa-en-madison",
        "date": "2000s",
        "narrators": ["marta"],
        "themes": ["migration"],
        "places": ["madison", "arcatao"],
        "photo": "lake",
        "original": "es",
        "es": (
            "Lejos de casa en Madison",
            "Marta llegó a Wisconsin y encontró al comité de ciudades hermanas.",
            [
                "El primer invierno no salí de la casa. Una señora del comité me reconoció "
                "porque había estado en Arcatao, y me llevó a la reunión.",
                "Allí hablaban de mi pueblo como si fuera también el suyo.",
            ],
            "Hablaban de mi pueblo como si fuera también el suyo.",
        ),
        "en": (
            "Far from home in Madison",
            "Marta arrived in Wisconsin and found the sister-city committee.",
            [
                "The first winter I did not leave the house. A woman from the committee knew "
                "me because she had been to Arcatao, and she took me to the meeting.",
                "They spoke of my town as if it were theirs too.",
            ],
            "They spoke of my town as if it were theirs too.",
        ),
    },
    {
        "slug": "rain-for-the-school",
        "slug_es": "lluvia-para-la-escuela",
        "date": "2021",
        "narrators": ["ana"],
        "themes": ["water", "scholarships-education"],
        "places": ["nueva-trinidad", "arcatao"],
        "photo": "tank",
        "original": "es",
        "es": (
            "Lluvia para la escuela",
            "Un tanque de agua lluvia para la escuela, pagado entre dos comunidades.",
            [
                "Las niñas faltaban a clases para ir a traer agua. Con el tanque, el agua "
                "del invierno alcanza hasta marzo.",
                "Arcatao prestó a los albañiles y Nueva Trinidad puso el terreno.",
            ],
            "El agua del invierno alcanza hasta marzo.",
        ),
        "en": (
            "Rain for the school",
            "A rainwater tank for the school, paid for by two communities together.",
            [
                "Girls missed class to fetch water. With the tank, the rainy season's water "
                "lasts until March.",
                "Arcatao lent the builders and Nueva Trinidad gave the land.",
            ],
            "The rainy season's water lasts until March.",
        ),
    },
]
