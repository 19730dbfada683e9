"""A theme cannot become its own ancestor, and a cycle already stored loops nothing.

Editors are refused a parent that would put a theme under itself (in the admin's snippet
form, in both languages). A cycle written around that check (before it existed, or by a
raw update) must still leave every page that walks the theme tree answering: the theme
page, ?theme= searches, OAI-PMH sets and a timeline filtered by the theme. Those requests
run under a deadline, so a loop fails the test instead of hanging it.
"""

import contextlib
import re
import signal
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.users.models import UserProfile

from archive.models import Theme, ThemeTree
from archive.roles import EDITORS
from tests.factories import make_narrator, make_story, make_theme
from timelines.models import TimelinePage

pytestmark = pytest.mark.django_db
DEADLINE = 20  # seconds; every request here takes well under one
REFUSED = {
    "en": "A theme cannot be placed under itself or under one of its own sub-themes.",
    "es": "Un tema no puede ir dentro de sí mismo ni de uno de sus propios subtemas.",
}


@contextlib.contextmanager
def deadline(seconds=DEADLINE):
    """Raise TimeoutError in the test if the block is still running after `seconds`."""

    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: a walk of the theme tree loops")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def tree(site_structure):
    """environment > water > river (water and environment are seeded by a migration)."""
    environment = make_theme("environment-climate")
    water = make_theme("water")
    Theme.objects.filter(pk=water.pk).update(parent=environment)
    river = make_theme("river-basins", "River basins", "Cuencas", parent=water)
    return environment, water, river


# --- Refused where editors set a parent ----------------------------------------------------
def test_full_clean_refuses_every_cycle(tree):
    environment, water, river = tree
    for theme, parent in ((water, water), (water, river), (environment, river)):
        theme.parent = parent
        with pytest.raises(ValidationError) as refused:
            theme.full_clean()
        assert refused.value.message_dict["parent"] == [REFUSED["en"]]
    river.parent = environment  # moving a theme up the tree is fine
    river.full_clean()


def _form_data(response):
    """The snippet edit form's current values, as a browser would send them back."""
    # \svalue: the value attribute itself, not a data-…-value one after it
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*\svalue="([^"]*)"', response.text))
    fields.update(
        re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', response.text)
    )
    return {name: value for name, value in fields.items() if name != "csrfmiddlewaretoken"}


def log_in_editor(client, language):
    """An editor whose admin speaks `language`, logged in."""
    editor = User.objects.create_user("editora", "editora@example.org", "x")
    editor.groups.add(Group.objects.get(name=EDITORS))
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    client.force_login(editor)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_snippet_form_refuses_a_theme_under_its_own_sub_theme(tree, client, language):
    environment, _water, river = tree
    log_in_editor(client, language)
    url = reverse("wagtailsnippets_archive_theme:edit", args=[environment.pk])
    data = _form_data(client.get(url)) | {"parent": str(river.pk)}

    response = client.post(url, data)

    assert response.status_code == 200  # the form again, with the error on the parent
    assert REFUSED[language] in response.text
    environment.refresh_from_db()
    assert environment.parent_id is None


# --- A cycle already stored: every walk still ends ---------------------------------------
def test_the_one_walk_of_the_tree_ends_on_any_cycle():
    # a is its own parent; b and c are each other's; d sits under c.
    tree = ThemeTree([(1, "a", 1), (2, "b", 3), (3, "c", 2), (4, "d", 3)])
    assert tree.below(1) == [1] and tree.above(1) == []
    assert tree.below(2) == [2, 3, 4]
    assert tree.above(4) == [3, 2] and tree.path(4) == ["b", "c", "d"]


@pytest.fixture
def cycle(tree, site_structure):
    """environment > water > river > environment, written past Theme.clean(), with a
    public story on the river theme and a timeline drawing environment stories."""
    environment, water, river = tree
    home, index = site_structure
    make_story(index, narrators=[make_narrator()], themes=[river], date_year=2001)
    timeline = TimelinePage(
        title="Water", title_en="Water", slug="water-line", slug_en="water-line",
        include_stories=True,
    )  # fmt: skip
    home.add_child(instance=timeline)
    timeline.themes.set([environment])
    timeline.save_revision().publish()
    Theme.objects.filter(pk=environment.pk).update(parent=river)
    return environment, water, river


def _answered(client, url):
    with deadline():
        response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_theme_pages_and_searches_answer_with_a_cycle_stored(cycle, client):
    for theme in cycle:
        assert "Water came back" in _answered(client, f"/themes/{theme.slug}/").text
        results = _answered(client, f"/search/results.json?theme={theme.slug}").json()
        assert results["count"] >= 1
        _answered(client, f"/es/buscar/?theme={theme.slug}")


def test_oai_sets_answer_with_a_cycle_stored(cycle, client):
    oai = "{http://www.openarchives.org/OAI/2.0/}"
    sets = ET.fromstring(_answered(client, "/oai/?verb=ListSets").content)
    specs = [spec.text for spec in sets.iter(f"{oai}setSpec")]
    assert len(specs) == Theme.objects.count()
    found = {}
    for spec in specs:
        url = f"/oai/?verb=ListRecords&metadataPrefix=oai_dc&set={spec}"
        records = ET.fromstring(_answered(client, url).content)
        found[spec] = len(list(records.iter(f"{oai}record")))
    (river,) = [spec for spec in specs if spec.endswith(":river-basins")]
    assert found[river] == 1


def test_a_timeline_filtered_by_a_theme_answers_with_a_cycle_stored(cycle, client):
    environment, _water, river = cycle
    for theme in (environment, river):
        data = _answered(client, f"/timelines/water-line/timelinejs.json?theme={theme.slug}")
        assert [event["text"]["headline"] for event in data.json()["events"]]
        _answered(client, f"/embed/timeline/water-line/?theme={theme.slug}")
    _answered(client, "/water-line/")
