"""Becoming a member: invitations, sign-up with approval, logging in and out, password reset."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from archive import roles
from archive.accounts import services
from archive.models import ConsentScope, Invitation, MembershipRequest
from stories.models import StoryPage, Visibility
from stories.site_structure import ensure_site_structure
from tests import built_once
from tests.factories import make_narrator, make_story

pytestmark = pytest.mark.django_db

PASSWORD = "río-Sumpul-1980-memoria"


def _make_archive():
    """The archive's content (see `archive`); returns the story's primary key."""
    roles.ensure_roles()
    _, index = ensure_site_structure()
    story = make_story(
        index,
        visibility=Visibility.MEMBERS,
        narrators=[make_narrator(consent=ConsentScope.MEMBERS)],
    )
    return story.pk


@pytest.fixture(scope="module")
def _archive_rows(django_db_setup, django_db_blocker):
    """The archive's rows, written once for this module (tests/built_once.py)."""
    return built_once.build(django_db_blocker, _make_archive)


@pytest.fixture
def archive(db, _archive_rows):
    """The site, the roles, and one members-only story, put back for each test; returns
    the story, read again."""
    rows, story_key = _archive_rows
    built_once.put_back(rows)
    return StoryPage.objects.get(pk=story_key)


@pytest.fixture
def editor(archive):
    user = User.objects.create_user("editora", "editora@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


def in_language(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


def story_url(story):
    with translation.override("en"):
        return story.get_url()


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


def invite(client, editor, mailoutbox, email="ana@example.org", language="es"):
    client.force_login(editor)
    response = client.post(
        reverse("invitations:add"),
        {"email": email, "committee": "Arcatao", "language": language},
    )
    assert response.status_code == 302, response.content
    client.logout()
    return Invitation.objects.get(email=email), link_in(mailoutbox[-1])


def accept(client, link, username="ana"):
    path = link.removeprefix("http://testserver")
    return client.post(path, {"username": username, "password1": PASSWORD, "password2": PASSWORD})


# --- Invitations -----------------------------------------------------------------------
def test_invitation_email_carries_a_one_time_link_in_its_language(client, editor, mailoutbox):
    invitation, link = invite(client, editor, mailoutbox, language="es")
    message = mailoutbox[0]
    assert message.to == ["ana@example.org"]
    assert link == f"http://testserver/es/cuentas/invitacion/{invitation.token}/"
    assert invitation.invited_by == editor
    page = client.get(link.removeprefix("http://testserver"))
    assert page.status_code == 200
    assert '<html lang="es">' in page.text
    assert 'name="password1"' in page.text
    assert ModelLogEntry.objects.filter(action=services.INVITATION_SENT).count() == 1


def test_english_invitation_links_to_the_english_page(client, editor, mailoutbox):
    invitation, link = invite(client, editor, mailoutbox, email="sam@example.org", language="en")
    assert link == f"http://testserver/accounts/invitation/{invitation.token}/"
    assert "You are invited to join Memoria" in mailoutbox[0].subject


def test_accepting_creates_a_member_who_reads_members_only_stories(
    client, editor, archive, mailoutbox
):
    invitation, link = invite(client, editor, mailoutbox)
    assert client.get(story_url(archive)).status_code == 404

    response = accept(client, link)
    assert response.status_code == 302
    assert response["Location"] in ("/es/mis-historias/", "/es/")

    user = User.objects.get(username="ana")
    assert user.is_active and user.email == "ana@example.org"
    assert user.groups.filter(name=roles.MEMBERS).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_user == user and invitation.accepted_at is not None
    # Logged in straight away, and the members-only story opens.
    assert client.get(story_url(archive)).status_code == 200


def test_an_invitation_works_only_once(client, editor, mailoutbox):
    _, link = invite(client, editor, mailoutbox)
    assert accept(client, link).status_code == 302
    client.logout()

    again = client.get(link.removeprefix("http://testserver"))
    assert again.status_code == 410
    assert "already been used" in again.text or "ya" in again.text
    second = accept(client, link, username="someone-else")
    assert second.status_code == 410
    assert not User.objects.filter(username="someone-else").exists()


def test_an_expired_invitation_is_refused(client, editor, mailoutbox):
    invitation, link = invite(client, editor, mailoutbox, language="en")
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=15)
    )
    response = client.get(link.removeprefix("http://testserver"))
    assert response.status_code == 410
    assert "This invitation has expired." in response.text
    assert accept(client, link).status_code == 410
    assert not User.objects.filter(username="ana").exists()


def test_an_unknown_invitation_is_not_found_in_both_languages(client, archive):
    for language, lang in (("en", 'lang="en"'), ("es", 'lang="es"')):
        response = client.get(in_language(language, "accept_invitation", "no-such-token"))
        assert response.status_code == 404
        assert lang in response.text
        assert "cannot be used" in response.text or "no se puede" in response.text.lower()


def test_invitation_password_goes_through_the_validators(client, editor, mailoutbox):
    _, link = invite(client, editor, mailoutbox)
    path = link.removeprefix("http://testserver")
    response = client.post(path, {"username": "ana", "password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert not User.objects.filter(username="ana").exists()
    assert 'class="errorlist' in response.text


def test_members_cannot_open_the_invitation_admin(client, archive):
    member = User.objects.create_user("m", "m@example.org", PASSWORD)
    member.groups.add(Group.objects.get(name=roles.MEMBERS))
    client.force_login(member)
    assert client.get(reverse("invitations:add")).status_code == 302
    assert not Invitation.objects.exists()


# --- Sign-up with approval -------------------------------------------------------------------
def signup(client, language="en", **overrides):
    data = {
        "username": "luis",
        "email": "luis@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "committee": "Comité de Cinquera",
        "message": "Fui a la delegación de 2019.",
        "language": language,
        "website": "",
        **overrides,
    }
    return client.post(in_language(language, "signup"), data)


def test_signup_creates_an_inactive_account_awaiting_approval(client, archive):
    response = signup(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("signup_done")
    assert "editor will review" in client.get(response["Location"]).text

    user = User.objects.get(username="luis")
    assert not user.is_active
    request = MembershipRequest.objects.get(user=user)
    assert request.committee == "Comité de Cinquera" and request.decided_at is None
    assert not roles.is_member(user)

    # Cannot log in, and is told why (only because the password was right).
    assert not client.login(username="luis", password=PASSWORD)
    response = client.post(reverse("login"), {"username": "luis", "password": PASSWORD})
    assert response.status_code == 200
    assert "waiting for an editor&#x27;s approval" in response.text
    wrong = client.post(reverse("login"), {"username": "luis", "password": "wrong password"})
    assert "approval" not in wrong.text
    assert client.get(story_url(archive)).status_code == 404


def test_approval_activates_and_emails_in_the_members_language(client, editor, archive, mailoutbox):
    signup(client, language="es")
    request = MembershipRequest.objects.get(user__username="luis")
    assert request.language == "es"

    client.force_login(editor)
    listing = client.get(reverse("membership_requests:index"))
    assert listing.status_code == 200 and "Comité de Cinquera" in listing.text
    response = client.post(reverse("membership_requests:approve", args=[request.pk]))
    assert response.status_code == 302
    client.logout()

    user = User.objects.get(username="luis")
    assert user.is_active and user.groups.filter(name=roles.MEMBERS).exists()
    request.refresh_from_db()
    assert request.approved is True and request.decided_by == editor
    assert mailoutbox[-1].to == ["luis@example.org"]
    assert "http://testserver/es/cuentas/entrar/" in mailoutbox[-1].body
    assert ModelLogEntry.objects.filter(
        action=services.MEMBERSHIP_APPROVED, object_id=str(request.pk)
    ).exists()

    response = client.post(in_language("es", "login"), {"username": "luis", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(story_url(archive)).status_code == 200


def test_declining_keeps_the_account_closed_and_says_so_politely(
    client, editor, archive, mailoutbox
):
    signup(client, language="en")
    request = MembershipRequest.objects.get(user__username="luis")
    client.force_login(editor)
    client.post(reverse("membership_requests:decline", args=[request.pk]))
    client.logout()

    request.refresh_from_db()
    assert request.approved is False
    assert not User.objects.get(username="luis").is_active
    assert "could not approve it" in mailoutbox[-1].body
    assert ModelLogEntry.objects.filter(action=services.MEMBERSHIP_DECLINED).exists()
    response = client.post(reverse("login"), {"username": "luis", "password": PASSWORD})
    assert "was not approved" in response.text


def test_a_request_is_decided_only_once(client, editor, archive, mailoutbox):
    signup(client)
    request = MembershipRequest.objects.get(user__username="luis")
    client.force_login(editor)
    client.post(reverse("membership_requests:approve", args=[request.pk]))
    client.post(reverse("membership_requests:decline", args=[request.pk]))
    request.refresh_from_db()
    assert request.approved is True
    assert len(mailoutbox) == 1


def test_only_editors_and_administrators_decide(client, archive):
    signup(client)
    request = MembershipRequest.objects.get(user__username="luis")
    officer = User.objects.create_user("co", "co@example.org", PASSWORD)
    officer.groups.add(Group.objects.get(name=roles.CONSENT_OFFICERS))
    client.force_login(officer)
    assert client.get(reverse("membership_requests:index")).status_code == 302
    client.post(reverse("membership_requests:approve", args=[request.pk]))
    request.refresh_from_db()
    assert request.decided_at is None
    assert client.get(reverse("membership_requests:approve", args=[request.pk])).status_code in (
        302,
        405,
    )


def test_a_request_to_join_is_e_mailed_to_each_editor_in_their_language(
    client, editor, archive, mailoutbox, django_capture_on_commit_callbacks
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "es"
    profile.save()
    administrator = User.objects.create_user("admin2", "admin2@example.org", PASSWORD)
    administrator.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    officer = User.objects.create_user("co", "co@example.org", PASSWORD)
    officer.groups.add(Group.objects.get(name=roles.CONSENT_OFFICERS))

    with django_capture_on_commit_callbacks(execute=True):
        signup(client, language="en")

    by_address = {message.to[0]: message for message in mailoutbox}
    # Those who may approve it hear of it; a consent officer and the applicant do not.
    assert sorted(by_address) == ["admin2@example.org", "editora@example.org"]
    spanish, english = by_address["editora@example.org"], by_address["admin2@example.org"]
    assert "luis pide unirse a Memoria" in spanish.subject
    assert "Comité de Cinquera" in spanish.body
    assert "Fui a la delegación de 2019." in spanish.body
    assert "http://testserver/admin/membership_requests/" in spanish.body
    assert "luis asks to join Memoria" in english.subject
    assert "1 request is waiting for a decision" in english.body


def test_waiting_requests_are_counted_on_the_dashboard_and_in_the_menu(client, editor, archive):
    from wagtail.users.models import UserProfile

    client.force_login(editor)
    dashboard = client.get(reverse("wagtailadmin_home")).text
    assert "waiting for a decision" not in dashboard
    assert "Membership requests (" not in dashboard

    signup(client, username="luis", email="luis@example.org")
    signup(client, username="marta", email="marta@example.org")
    client.force_login(editor)
    dashboard = client.get(reverse("wagtailadmin_home")).text
    assert "2 requests to join are waiting for a decision." in dashboard
    assert reverse("membership_requests:index") in dashboard
    # The sidebar (its props are JSON in the page): the group and the item show the count.
    assert '"Membership (2)"' in dashboard
    assert '"Membership requests (2)"' in dashboard
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "es"
    profile.save()
    spanish = client.get(reverse("wagtailadmin_home")).text
    assert "2 solicitudes para unirse esperan una decisión." in spanish

    # A consent officer cannot decide, so sees neither.
    officer = User.objects.create_user("co", "co@example.org", PASSWORD)
    officer.groups.add(Group.objects.get(name=roles.CONSENT_OFFICERS))
    client.force_login(officer)
    dashboard = client.get(reverse("wagtailadmin_home")).text
    assert "waiting for a decision" not in dashboard
    assert "(2)" not in dashboard


def test_a_filled_honeypot_is_rejected_without_creating_anyone(client, archive):
    response = signup(client, website="http://spam.example")
    assert response.status_code == 200
    assert "Please leave the last field empty" in response.text
    assert not User.objects.filter(username="luis").exists()
    assert not MembershipRequest.objects.exists()


def test_signup_refuses_a_weak_password_and_a_taken_username(client, editor):
    assert signup(client, password1="12345678", password2="12345678").status_code == 200
    assert signup(client, username="Editora").status_code == 200
    assert not MembershipRequest.objects.exists()


def test_signups_are_rate_limited(client, archive, settings):
    settings.ACCOUNTS_RATE_LIMITS = {"signup": (2, 3600)}
    for number in range(2):
        assert signup(client, username=f"p{number}").status_code == 302
    response = signup(client, username="p3")
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert not User.objects.filter(username="p3").exists()


def test_failed_logins_are_rate_limited(client, archive, settings):
    settings.ACCOUNTS_RATE_LIMITS = {"login": (3, 3600)}
    User.objects.create_user("rosa", "rosa@example.org", PASSWORD)
    for _ in range(3):
        client.post(reverse("login"), {"username": "rosa", "password": "nope"})
    response = client.post(reverse("login"), {"username": "rosa", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert "_auth_user_id" not in client.session


# --- Log in, log out, password reset -------------------------------------------------------
ACCOUNT_PAGES = ["login", "signup", "password_reset", "password_reset_done"]


@pytest.mark.parametrize("name", ACCOUNT_PAGES)
@pytest.mark.parametrize("language", ["en", "es"])
def test_account_pages_exist_in_both_languages(client, site_structure, name, language):
    url = in_language(language, name)
    assert url.startswith("/es/cuentas/" if language == "es" else "/accounts/")
    response = client.get(url)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text


def test_login_logout_and_the_header(client, archive):
    member = User.objects.create_user("rosa", "rosa@example.org", PASSWORD)
    member.groups.add(Group.objects.get(name=roles.MEMBERS))
    home = client.get("/")
    assert f'href="{reverse("login")}?next=/"' in home.text

    response = client.post(
        reverse("login"), {"username": "rosa", "password": PASSWORD, "next": story_url(archive)}
    )
    assert response.status_code == 302 and response["Location"] == story_url(archive)
    page = client.get("/es/")
    assert f'action="{in_language("es", "logout")}"' in page.text
    assert "csrfmiddlewaretoken" in page.text

    assert client.get(reverse("logout")).status_code == 405  # only a POST logs out
    response = client.post(in_language("es", "logout"))
    assert response.status_code == 302 and response["Location"] == "/es/"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("logout_url", ["logout", "wagtailadmin_logout"])
def test_every_logout_tells_the_browser_to_forget_this_sites_storage(client, archive, logout_url):
    """The member's story draft (with a narrator's real name) is in the browser's storage:
    the site's logout and the admin's both ask the browser to clear it. Other answers
    never do (a draft must survive a page load)."""
    editor = User.objects.create_user("rosa", "rosa@example.org", PASSWORD)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    client.force_login(editor)
    assert "Clear-Site-Data" not in client.get("/").headers
    response = client.post(reverse(logout_url))
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"storage"'
    assert "Clear-Site-Data" not in client.get("/").headers


def test_login_without_next_goes_to_my_stories(client, archive):
    User.objects.create_user("rosa", "rosa@example.org", PASSWORD)
    response = client.post(reverse("login"), {"username": "rosa", "password": PASSWORD})
    assert response["Location"] == services.member_home_url()


def test_password_reset_sends_a_working_link(client, archive, mailoutbox):
    User.objects.create_user("rosa", "rosa@example.org", PASSWORD)
    response = client.post(in_language("es", "password_reset"), {"email": "rosa@example.org"})
    assert response.status_code == 302
    assert response["Location"] == in_language("es", "password_reset_done")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["rosa@example.org"]
    link = link_in(mailoutbox[0])
    assert link.startswith("http://testserver/es/cuentas/restablecer-contrasena/")

    form = client.get(link.removeprefix("http://testserver"), follow=True)
    assert form.status_code == 200 and 'name="new_password1"' in form.text
    new = "otra-clave-muy-larga-2024"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert client.login(username="rosa", password=new)


def test_password_reset_says_nothing_about_unknown_addresses(client, archive, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_pending_accounts_get_no_password_reset_mail(client, archive, mailoutbox):
    signup(client)
    client.post(reverse("password_reset"), {"email": "luis@example.org"})
    assert mailoutbox == []


def test_login_required_pages_send_visitors_to_login_in_their_language(client, site_structure):
    response = client.get(in_language("es", "password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(in_language("es", "login") + "?next=")


def test_the_audit_log_names_our_actions(client, editor, mailoutbox):
    invitation, link = invite(client, editor, mailoutbox)
    accept(client, link)
    client.force_login(editor)
    history = client.get(reverse("invitations:history", args=[invitation.pk]))
    assert history.status_code == 200
    assert "Invitation sent" in history.text and "Invitation accepted" in history.text


def test_the_invitation_is_queued_for_the_worker_not_sent_during_the_request(
    client, editor, mailoutbox, settings
):
    # With a queue (production: the database queue and its worker), the editor's page does
    # not wait on the mail server; the worker sends the same e-mail in the same language.
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(editor)
    response = client.post(
        reverse("invitations:add"),
        {"email": "ana@example.org", "committee": "Arcatao", "language": "es"},
    )
    assert response.status_code == 302
    assert mailoutbox == []
    [queued] = [r for r in default_task_backend.results if r.task.name == "send_email"]
    queued.task.call(*queued.args, **queued.kwargs)
    [message] = mailoutbox
    assert message.to == ["ana@example.org"]
    assert "/es/cuentas/invitacion/" in message.body
