"""The four roles: what each group may do in Wagtail's admin."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
)
from wagtail.permissions import policy_registry

from archive import roles

pytestmark = pytest.mark.django_db


def make_user(name, *groups):
    user = User.objects.create_user(name, f"{name}@example.org", "a long enough passphrase")
    user.groups.add(*(Group.objects.get(name=group) for group in groups))
    return user


@pytest.fixture
def with_roles(site_structure):
    roles.ensure_roles()
    return site_structure


def test_ensure_roles_is_idempotent(site_structure):
    first = roles.ensure_roles()
    counts = (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        CollectionViewRestriction.objects.count(),
        Collection.objects.count(),
        sum(group.permissions.count() for group in Group.objects.all()),
    )
    second = roles.ensure_roles()
    assert {name: group.pk for name, group in first.items()} == {
        name: group.pk for name, group in second.items()
    }
    assert counts == (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        CollectionViewRestriction.objects.count(),
        Collection.objects.count(),
        sum(group.permissions.count() for group in Group.objects.all()),
    )
    assert set(first) == set(roles.ROLE_LABELS)


def test_editor_opens_the_admin_and_adds_a_story(client, with_roles):
    _, index = with_roles
    client.force_login(make_user("ed", roles.EDITORS))
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    # The story index accepts one page type, so "add subpage" goes straight to its form.
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[index.pk]), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(
        "wagtailadmin_pages:add", args=("stories", "storypage", index.pk)
    )
    assert 'name="title_es"' in response.text


def test_editor_permissions(with_roles):
    _, index = with_roles
    editor = make_user("ed", roles.EDITORS)
    for permission in (
        "wagtailadmin.access_admin",
        "archive.add_theme",
        "archive.change_place",
        "archive.view_partnership",
        "archive.change_historicalevent",
        "archive.change_narrator",
        "archive.add_invitation",
    ):
        assert editor.has_perm(permission), permission
    assert not editor.has_perm("archive.record_consent")
    assert not editor.has_perm("auth.change_user")
    page_permissions = index.permissions_for_user(editor)
    assert page_permissions.can_add_subpage()
    assert page_permissions.can_publish_subpage()
    images = policy_registry.get_by_type(get_image_model())
    assert images.user_has_permission(editor, "add")
    assert images.user_has_permission(editor, "choose")


def test_editor_can_edit_narrators_and_themes_in_the_admin(client, with_roles):
    client.force_login(make_user("ed", roles.EDITORS))
    assert client.get(reverse("wagtailsnippets_archive_narrator:list")).status_code == 200
    assert client.get(reverse("wagtailsnippets_archive_theme:add")).status_code == 200


def test_editor_adds_transcripts_and_index_to_recordings_in_the_admin(client, with_roles):
    """Features add their own models to the roles (recordings, from its AppConfig.ready())."""
    editor = make_user("ed", roles.EDITORS)
    assert editor.has_perm("recordings.change_recording")
    assert not editor.has_perm("recordings.delete_recording")
    assert make_user("ad", roles.ADMINISTRATORS).has_perm("recordings.delete_recording")
    assert not make_user("co", roles.CONSENT_OFFICERS).has_perm("recordings.view_recording")
    client.force_login(editor)
    assert client.get(reverse("wagtailsnippets_recordings_recording:list")).status_code == 200
    assert client.get(reverse("wagtailsnippets_recordings_recording:add")).status_code == 200


def test_member_is_sent_away_from_the_admin(client, with_roles):
    member = make_user("m", roles.MEMBERS)
    assert not member.has_perm("wagtailadmin.access_admin")
    client.force_login(member)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_members_group_never_keeps_admin_access(with_roles):
    from django.contrib.auth.models import Permission

    members = Group.objects.get(name=roles.MEMBERS)
    members.permissions.add(Permission.objects.get(codename="access_admin"))
    roles.ensure_roles()
    assert not members.permissions.filter(codename="access_admin").exists()


def test_consent_officer_records_consent_but_does_not_publish(client, with_roles):
    _, index = with_roles
    officer = make_user("co", roles.CONSENT_OFFICERS)
    assert officer.has_perm("archive.record_consent")
    assert officer.has_perm("archive.change_narrator")
    assert officer.has_perm("wagtailadmin.access_admin")
    assert not officer.has_perm("archive.add_theme")
    page_permissions = index.permissions_for_user(officer)
    assert page_permissions.can_edit()
    assert not page_permissions.can_publish_subpage()
    assert not page_permissions.can_add_subpage()
    client.force_login(officer)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_administrator_has_everything_plus_users(with_roles):
    home, index = with_roles
    admin = make_user("ad", roles.ADMINISTRATORS)
    for permission in (
        "wagtailadmin.access_admin",
        "archive.record_consent",
        "archive.change_narrator",
        "archive.add_theme",
        "auth.add_user",
        "auth.change_user",
        "wagtailcore.change_site",
    ):
        assert admin.has_perm(permission), permission
    assert home.permissions_for_user(admin).can_publish_subpage()
    assert index.permissions_for_user(admin).can_add_subpage()


def test_consent_records_collection_is_private(with_roles):
    collection = Collection.objects.get(name=roles.CONSENT_COLLECTION)
    restriction = CollectionViewRestriction.objects.get(collection=collection)
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    assert set(restriction.groups.values_list("name", flat=True)) == {
        roles.EDITORS,
        roles.CONSENT_OFFICERS,
        roles.ADMINISTRATORS,
    }


def test_everyone_in_a_role_counts_as_member(with_roles):
    for name in roles.ROLE_LABELS:
        assert roles.is_member(make_user(name.replace(" ", "_").lower(), name))
    assert not roles.is_member(User.objects.create_user("nobody", "n@example.org", "x"))
