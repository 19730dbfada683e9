import pytest
from django.http import QueryDict
from wagtail.rich_text import RichText

from archive.models import Theme
from search import engines
from search.query import parse_request
from stories.models import StoryIndexPage, StoryPage, Visibility
from stories.site_structure import ensure_site_structure
from tests import built_once
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


def _make_archive():
    """The archive's content (see `archive`); returns the primary keys that name it."""
    _, index = ensure_site_structure()
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
    themes = {"environment": environment, "water": water, "mining": mining, "migration": migration}
    return {
        "index": index.pk,
        "stories": {name: story.pk for name, story in stories.items()},
        "themes": {name: theme.pk for name, theme in themes.items()},
    }


@pytest.fixture(scope="session")
def _search_archive_rows(django_db_setup, django_db_blocker):
    """The archive's rows, written once per test process (tests/built_once.py)."""
    return built_once.build(django_db_blocker, _make_archive)


@pytest.fixture
def archive(db, _search_archive_rows):
    """A small bilingual archive under the site structure: the seeded themes (Water and
    Mining sit under Environment), two places, stories in one or both languages across
    three decades. Its rows are put back for each test and the objects read again."""
    rows, keys = _search_archive_rows
    built_once.put_back(rows)
    stories = StoryPage.objects.in_bulk(keys["stories"].values())
    themes = Theme.objects.in_bulk(keys["themes"].values())
    return {
        "index": StoryIndexPage.objects.get(pk=keys["index"]),
        "stories": {name: stories[pk] for name, pk in keys["stories"].items()},
        "themes": {name: themes[pk] for name, pk in keys["themes"].items()},
    }
