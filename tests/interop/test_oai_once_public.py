"""OAI-PMH reports a deletion only for what the public could once read: a story that was
restricted or members-only from the start was never the harvesters' to know of."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from archive.roles import MEMBERS
from stories.models import StoryPage
from tests.factories import make_narrator

pytestmark = pytest.mark.django_db


def _identifiers(client):
    text = client.get("/oai/", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    return text.content.decode()


def _restricted_story(index, slug, **restriction):
    """A story published for the first time behind a privacy restriction."""
    story = StoryPage(title=slug, title_en=slug, slug=slug, slug_en=slug, live=False)
    index.add_child(instance=story)
    story.narrators.set([make_narrator()])
    groups = restriction.pop("groups", None)
    restricted = PageViewRestriction.objects.create(page=story, **restriction)
    if groups:
        restricted.groups.set(groups)
    story.save_revision().publish()
    return story


@pytest.mark.parametrize(
    "restriction",
    [
        {"restriction_type": PageViewRestriction.LOGIN},
        {"restriction_type": PageViewRestriction.PASSWORD, "password": "x"},
        {"restriction_type": PageViewRestriction.GROUPS, "groups": "members"},
    ],
    ids=["login", "password", "groups"],
)
def test_a_story_restricted_from_the_start_is_never_listed(site_structure, client, restriction):
    _, index = site_structure
    if restriction.get("groups"):
        restriction["groups"] = [Group.objects.get(name=MEMBERS)]
    story = _restricted_story(index, "never-public", **restriction)
    listed = _identifiers(client)
    assert f":story:{story.pk}<" not in listed
    assert "noRecordsMatch" in listed


def test_a_story_restricted_after_being_public_is_reported_deleted(site_structure, client):
    from tests.factories import make_story

    _, index = site_structure
    story = make_story(index, narrators=[make_narrator()])
    assert 'status="deleted"' not in _identifiers(client)

    PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)

    listed = _identifiers(client)
    assert f":story:{story.pk}<" in listed and 'status="deleted"' in listed
