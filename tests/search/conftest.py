import pytest
from django.http import QueryDict
from wagtail.rich_text import RichText

from search import engines
from search.query import parse_request
from stories.models import Visibility
from tests.factories import make_place, make_story, make_theme


def paragraph(text):
    return [("paragraph", RichText(f"<p>{text}</p>"))]


def find(params="", user=None, today=None):
    """Search as a visitor would, through the engine this database uses."""
    query = parse_request(QueryDict(params), user)
    if today:
        query.today = today
    return engines.search(query)


def keys(results):
    return {hit.key for hit in results.hits}


def key(story, language):
    """A story's index key in one language, as hits carry it."""
    return f"story:{story.pk}:{language}"


def embargoed_story(index, until, **fields):
    """A live story under embargo until `until`."""
    return make_story(index, visibility=Visibility.EMBARGOED, embargo_until=until, **fields)


@pytest.fixture
def archive(site_structure):
    """A small bilingual archive: the seeded themes (Water and Mining sit under
    Environment), two places, stories in one or both languages across three decades."""
    _, index = site_structure
    environment, water, mining, migration = (
        make_theme(slug) for slug in ("environment-climate", "water", "mining", "migration")
    )
    arcatao = make_place("arcatao", "Arcatao")
    madison = make_place("madison", "Madison", "US")
    stories = {
        # Spanish only, tagged Water: an English "water" search must reach it.
        "river_es": make_story(
            index,
            english=False,
            title_es="El comité del río",
            body_es=paragraph("Los migrantes volvieron y cuidamos el río con el comité."),
            themes=[water],
            places=[arcatao],
            date_year=2004,
        ),
        # English only, tagged Mining: a Spanish "minería" search must reach it.
        "mine_en": make_story(
            index,
            spanish=False,
            title_en="No to the mine",
            body_en=paragraph("They said the mine would bring jobs; the river said otherwise."),
            themes=[mining],
            places=[arcatao],
            date_year=2017,
        ),
        # Both languages, accents in Spanish.
        "migration": make_story(
            index,
            title_en="Why my cousin went north",
            body_en=paragraph("Drought, debts and a family's decision about migration."),
            title_es="Por qué mi primo se fue al norte",
            body_es=paragraph("La sequía, las deudas y la migración de una familia."),
            themes=[migration],
            places=[madison],
            date_year=1989,
            date_circa=True,
        ),
    }
    return {
        "index": index,
        "stories": stories,
        "themes": {
            "environment": environment,
            "water": water,
            "mining": mining,
            "migration": migration,
        },
    }
