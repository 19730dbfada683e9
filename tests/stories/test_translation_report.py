"""The admin's "Needs translation" report: where translators find their work."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from archive.roles import CONSENT_OFFICERS, EDITORS, MEMBERS
from stories.models import TranslationStatus
from stories.reports import stories_needing_translation
from tests.factories import make_narrator, make_story, make_theme

pytestmark = pytest.mark.django_db
REPORT = "needs_translation_report"


def _login(client, group):
    user = User.objects.create_user(group.lower(), f"{group.lower()}@example.org", "x")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)


@pytest.fixture
def stories(site_structure):
    _, index = site_structure
    water, migration = make_theme("water"), make_theme("migration")
    rivers = make_theme("rivers", "Rivers", "Ríos", parent=water)
    narrator = make_narrator()
    return {
        "spanish only": make_story(
            index, english=False, narrators=[narrator], themes=[water], title_es="Solo español"
        ),
        "english only": make_story(
            index,
            spanish=False,
            narrators=[narrator],
            themes=[rivers],
            title_en="English only",
            translation_status_en=TranslationStatus.ORIGINAL,
            translation_status_es=TranslationStatus.NEEDED,
        ),
        "draft english": make_story(
            index,
            narrators=[narrator],
            themes=[migration],
            title_en="Draft English",
            translation_status_en=TranslationStatus.DRAFT,
        ),
        "needed spanish": make_story(
            index,
            narrators=[narrator],
            themes=[migration],
            title_en="Spanish marked needed",
            original_language="en",
            translation_status_en=TranslationStatus.ORIGINAL,
            translation_status_es=TranslationStatus.NEEDED,
        ),
        "done": make_story(
            index,
            narrators=[narrator],
            themes=[water],
            title_en="Fully reviewed",
            translation_status_en=TranslationStatus.REVIEWED,
            translation_status_es=TranslationStatus.ORIGINAL,
        ),
    }


ALL = ["Solo español", "English only", "Draft English", "Spanish marked needed"]


def _listed(client, **filters):
    response = client.get(reverse(REPORT), filters)
    assert response.status_code == 200
    return {title for title in [*ALL, "Fully reviewed"] if title in response.text}, response.text


def test_editors_see_stories_missing_or_with_unreviewed_text(client, stories):
    _login(client, EDITORS)
    listed, text = _listed(client)
    assert listed == set(ALL)
    assert "Fully reviewed" not in text
    # What needs doing, in words.
    assert "English (no text)" in text
    assert "English (Draft translation)" in text
    assert "Spanish (Needs translation)" in text


def test_a_fully_reviewed_bilingual_story_is_not_listed(stories):
    found = set(stories_needing_translation().values_list("pk", flat=True))
    assert stories["done"].pk not in found
    assert found == {story.pk for key, story in stories.items() if key != "done"}


def test_filter_by_theme_includes_sub_themes(client, stories):
    _login(client, EDITORS)
    water = stories["done"].themes.get()
    assert _listed(client, theme=water.pk)[0] == {"Solo español", "English only"}
    migration = stories["draft english"].themes.get()
    assert _listed(client, theme=migration.pk)[0] == {"Draft English", "Spanish marked needed"}


def test_filter_by_language(client, stories):
    _login(client, EDITORS)
    assert _listed(client, language="es")[0] == {"English only", "Spanish marked needed"}
    assert _listed(client, language="en")[0] == {"Solo español", "Draft English"}
    water = stories["done"].themes.get()
    assert _listed(client, language="en", theme=water.pk)[0] == {"Solo español"}


def test_the_report_is_in_the_reports_menu_for_editors(client, stories):
    _login(client, EDITORS)
    response = client.get(reverse("wagtailadmin_home"))
    assert reverse(REPORT) in response.text


def test_consent_officers_who_edit_stories_may_use_it(client, stories):
    _login(client, CONSENT_OFFICERS)
    assert _listed(client)[0] == set(ALL)


@pytest.mark.parametrize("group", [MEMBERS, None])
def test_members_and_visitors_cannot_open_the_report(client, stories, group):
    if group:
        _login(client, group)
    for url in (reverse(REPORT), reverse("needs_translation_report_results")):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "Solo español" not in response.text
