"""What the synthetic corpus draws from: word lists per theme and the themes, places and
narrators its stories name (created once)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from archive.models import ConsentScope, Narrator, Place, Theme
from archive.vocabulary import ensure_place, seed_themes
from demo import content as demo_content

# --- Word lists -------------------------------------------------------------------------
# Subjects per theme, as (English, Spanish) noun phrases with their article.
SUBJECTS = {
    "migration": [
        ("the long road north", "el largo camino al norte"),
        ("the letters from Los Angeles", "las cartas desde Los Ángeles"),
        ("the family that stayed behind", "la familia que se quedó"),
        ("the remittances", "las remesas"),
        ("the return home", "el regreso a casa"),
        ("the border crossing", "el cruce de la frontera"),
    ],
    "water": [
        ("the spring above the village", "el manantial sobre el pueblo"),
        ("the water committee", "el comité de agua"),
        ("the new well", "el pozo nuevo"),
        ("the Sumpul river", "el río Sumpul"),
        ("the long drought", "la larga sequía"),
        ("the rainwater tanks", "los tanques de agua lluvia"),
    ],
    "mining": [
        ("the ban on metal mining", "la prohibición de la minería metálica"),
        ("the gold mine on the hill", "la mina de oro del cerro"),
        ("the community consultation", "la consulta comunitaria"),
        ("the defenders of the river", "los defensores del río"),
        ("the exploration permits", "los permisos de exploración"),
    ],
    "historical-memory": [
        ("the repopulation", "la repoblación"),
        ("the guinda through the hills", "la guinda por los cerros"),
        ("the refugee camp at Mesa Grande", "el campamento de refugiados de Mesa Grande"),
        ("the peace accords", "los acuerdos de paz"),
        ("the names of the disappeared", "los nombres de los desaparecidos"),
        ("the anniversary mass", "la misa de aniversario"),
    ],
    "scholarships-education": [
        ("the scholarship programme", "el programa de becas"),
        ("the popular school", "la escuela popular"),
        ("the first university graduates", "los primeros graduados universitarios"),
        ("the literacy circle", "el círculo de alfabetización"),
        ("the teachers' training", "la formación de maestros"),
    ],
    "delegations": [
        ("the first delegation", "la primera delegación"),
        ("the sister-city visit", "la visita de la ciudad hermana"),
        ("the accompaniment during the elections", "el acompañamiento durante las elecciones"),
        ("the friendship committee", "el comité de amistad"),
        ("the shared meal", "la comida compartida"),
    ],
}
# Water and mining are sub-themes of this one; a story about them sometimes names it too.
ENVIRONMENT = "environment-climate"

TITLES = [
    ("{Subject} in {place}, {year}", "{Subject} en {place}, {year}"),
    ("Remembering {subject}", "Recordando {subject}"),
    ("What {subject} taught us", "Lo que nos enseñó {subject}"),
    ("{narrator} on {subject}", "{narrator} habla de {subject}"),
    ("{Subject}: a testimony from {place}", "{Subject}: un testimonio de {place}"),
]
SENTENCES = [
    (
        "We still talk about {subject} in {place}.",
        "Todavía hablamos de {subject} en {place}.",
    ),
    (
        "{narrator} remembers {subject} as if it were yesterday.",
        "{narrator} recuerda {subject} como si fuera ayer.",
    ),
    (
        "Nobody in {place} had prepared us for {subject}.",
        "Nadie en {place} nos había preparado para {subject}.",
    ),
    (
        "The committee met every Sunday to talk about {subject}.",
        "El comité se reunía cada domingo para hablar de {subject}.",
    ),
    (
        "Our sister city followed {subject} closely from the north.",
        "Nuestra ciudad hermana siguió de cerca {subject} desde el norte.",
    ),
    (
        "The young people asked us to write down {subject}.",
        "Los jóvenes nos pidieron que escribiéramos sobre {subject}.",
    ),
    (
        "Those years taught us that memory is also a way of organising.",
        "Esos años nos enseñaron que la memoria también es una forma de organizarse.",
    ),
    (
        "The photographs of {subject} are kept in the community house.",
        "Las fotografías de {subject} se guardan en la casa comunal.",
    ),
    ("We tell it so that it is not forgotten.", "Lo contamos para que no se olvide."),
    (
        "By {later}, {place} had changed, but {subject} was still with us.",
        "Para {later}, {place} había cambiado, pero {subject} seguía con nosotros.",
    ),
    (
        "In {year} the whole community walked together to {place}.",
        "En {year} toda la comunidad caminó junta hasta {place}.",
    ),
]
QUOTES = [
    ("Water is life.", "El agua es vida."),
    ("Without memory there is no future.", "Sin memoria no hay futuro."),
    ("We were never alone.", "Nunca estuvimos solos."),
    ("They came to listen, and they stayed.", "Vinieron a escuchar y se quedaron."),
    ("Studying was our way of rebuilding.", "Estudiar fue nuestra manera de reconstruir."),
]
# Places beyond the demo's own (whose slugs and names the corpus reuses).
EXTRA_PLACES = [
    ("suchitoto", "Suchitoto", "Suchitoto", "SV", "Cuscatlán"),
    ("cinquera", "Cinquera", "Cinquera", "SV", "Cabañas"),
    ("guarjila", "Guarjila", "Guarjila", "SV", "Chalatenango"),
    ("cambridge-ma", "Cambridge", "Cambridge", "US", "Massachusetts"),
    ("berkeley", "Berkeley", "Berkeley", "US", "California"),
]
NARRATOR_COUNT = 24
NARRATOR_PREFIX = "Synthetic narrator"


# --- Vocabulary -------------------------------------------------------------------------
@dataclass
class Vocabulary:
    themes: dict  # slug -> Theme
    places: list  # Place, in slug order
    narrators: list  # Narrator, in pseudonym order


def ensure_vocabulary():
    """Themes, places and public-consent narrators the corpus draws from (created once)."""
    themes = seed_themes(Theme)
    # The demo's places exactly as load_demo creates them (either may run first).
    for slug, name_en, name_es, country, region, latitude, longitude in demo_content.PLACES:
        ensure_place(slug, name_en, name_es, country, region, Decimal(latitude), Decimal(longitude))
    for row in EXTRA_PLACES:
        ensure_place(*row)
    rows = list(demo_content.PLACES) + EXTRA_PLACES
    places = list(Place.objects.filter(slug__in=[row[0] for row in rows]).order_by("slug"))
    communities = [place for place in places if place.country == "SV"]
    today = timezone.localdate()
    narrators = []
    for number in range(1, NARRATOR_COUNT + 1):
        narrator, _created = Narrator.objects.get_or_create(
            pseudonym=f"{NARRATOR_PREFIX} {number:02d}",
            defaults={
                "is_collective": number % 6 == 0,
                "community": communities[number % len(communities)],
                "consent_scope": ConsentScope.PUBLIC,
                "consent_date": today,
            },
        )
        narrators.append(narrator)
    return Vocabulary(themes=themes, places=places, narrators=narrators)
