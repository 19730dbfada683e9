"""The admin's "Needs translation" report: where translators find their work."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from archive.roles import EDITORS, MEMBERS
from stories.models import TranslationStatus
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
    narrator = make_narrator()
    return {
        "spanish only": make_story(
            index, english=False, narrators=[narrator], themes=[water], title_es="Solo español"
        ),
        "draft english": make_story(
            index,
            narrators=[narrator],
            themes=[migration],
            title_en="Draft English",
            translation_status_en=TranslationStatus.DRAFT,
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


def test_editors_see_stories_missing_or_with_unreviewed_text(client, stories):
    _login(client, EDITORS)
    text = client.get(reverse(REPORT)).text
    assert "Solo español" in text and "Draft English" in text
    assert "Fully reviewed" not in text


def test_filter_by_theme(client, stories):
    _login(client, EDITORS)
    water = stories["spanish only"].themes.get()
    text = client.get(reverse(REPORT), {"theme": water.pk}).text
    assert "Solo español" in text and "Draft English" not in text


def test_filter_by_language(client, stories):
    _login(client, EDITORS)
    text = client.get(reverse(REPORT), {"language": "es"}).text
    assert "Solo español" not in text  # its Spanish text is the original
    assert "Fully reviewed" not in text


def test_members_cannot_open_the_report(client, stories):
    _login(client, MEMBERS)
    response = client.get(reverse(REPORT))
    assert response.status_code in (302, 403)
