"""Every password form is rate limited: ours and Wagtail's, per real client address (behind
TRUSTED_PROXY_COUNT proxies) and per account, in the shared cache."""

import threading

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from archive.accounts import ratelimit
from tests.factories import make_narrator, make_story

pytestmark = pytest.mark.django_db

PASSWORD = "río-Sumpul-1980-memoria"
WRONG = "not-the-password"
ATTEMPTS = 30


@pytest.fixture
def people(db):
    User.objects.create_superuser("rosa", "rosa@example.org", PASSWORD)
    User.objects.create_superuser("tomas", "tomas@example.org", PASSWORD)


def member_login(language):
    with translation.override(language):
        return reverse("login")


# form name: (path, fields for the account `who` with `password`)
def username_form(path):
    return lambda who, password: (path, {"username": who, "password": password})


USERNAME_FORMS = {
    "member login": username_form("/accounts/login/"),
    "member login (es)": username_form("/es/cuentas/entrar/"),
    "admin login": username_form("/admin/login/"),
    "wagtail front-end login": username_form("/_util/login/"),
    "wagtail front-end login (es)": username_form("/es/_util/login/"),
}


def logged_in(client):
    return "_auth_user_id" in client.session


def post(client, form, who, password, address="10.0.0.1", **headers):
    path, data = form(who, password)
    return client.post(path, data, REMOTE_ADDR=address, **headers)


@pytest.mark.parametrize("name", USERNAME_FORMS)
def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, people, name):
    form = USERNAME_FORMS[name]
    for _ in range(ATTEMPTS):
        assert post(client, form, "rosa", WRONG).status_code in (200, 429)
    response = post(client, form, "rosa", PASSWORD, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 429
    assert not logged_in(client)
    # In the language of the form's address (unprefixed addresses are English, whatever
    # the browser asks: the site's rule, which Django's LocaleMiddleware applies).
    if "(es)" in name:
        assert "Demasiados intentos" in response.text
    else:
        assert "Too many attempts" in response.text
    # Another visitor, at another address, with their own account, is not stopped...
    other = post(client, form, "tomas", PASSWORD, address="10.0.0.2")
    assert other.status_code == 302 and logged_in(client)


@pytest.mark.parametrize("name", USERNAME_FORMS)
def test_an_account_is_limited_whatever_the_address(client, people, name):
    form = USERNAME_FORMS[name]
    for number in range(ATTEMPTS):
        post(client, form, "rosa", WRONG, address=f"10.1.{number}.1")
    assert post(client, form, "rosa", PASSWORD, address="10.9.9.9").status_code == 429
    assert not logged_in(client)


def test_admin_and_member_failures_add_up_for_one_account(client, people, settings):
    settings.ACCOUNTS_RATE_LIMITS = {"login": (4, 3600)}
    for path in ["/admin/login/", "/accounts/login/", "/_util/login/", "/es/cuentas/entrar/"]:
        client.post(
            path, {"username": "rosa", "password": WRONG}, REMOTE_ADDR=f"10.2.{len(path)}.1"
        )
    response = client.post("/admin/login/", {"username": "rosa", "password": PASSWORD})
    assert response.status_code == 429


@pytest.fixture
def protected(site_structure):
    _, index = site_structure
    story = make_story(index, narrators=[make_narrator()])
    restriction = PageViewRestriction.objects.create(
        page=story, restriction_type="password", password="sumpul"
    )
    form = f"/es/_util/authenticate_with_password/{restriction.pk}/{story.pk}/"
    return story, form


def passed(client):
    return client.session.get(PageViewRestriction.passed_view_restrictions_session_key, [])


def test_a_page_password_is_refused_after_thirty_wrong_ones(client, protected):
    story, form = protected
    url = story.get_url()
    for _ in range(ATTEMPTS):
        client.post(form, {"password": WRONG, "return_url": url}, REMOTE_ADDR="10.0.0.1")
    response = client.post(
        form,
        {"password": "sumpul", "return_url": url},
        REMOTE_ADDR="10.0.0.1",
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 429
    assert "Demasiados intentos" in response.text
    assert not passed(client)
    # Another reader, elsewhere, gets in with the password.
    other = client.post(form, {"password": "sumpul", "return_url": url}, REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 302 and passed(client)


def test_forwarded_for_is_ignored_without_trusted_proxies(client, people, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.ACCOUNTS_RATE_LIMITS = {"login": (5, 3600)}
    form = USERNAME_FORMS["member login"]
    for number in range(5):
        post(client, form, f"nobody{number}", WRONG, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    # A fresh X-Forwarded-For does not make a fresh visitor.
    response = post(client, form, "tomas", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429


def test_the_address_a_trusted_proxy_saw_is_the_client(client, people, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNTS_RATE_LIMITS = {"login": (5, 3600)}
    form = USERNAME_FORMS["member login"]
    proxy = "127.0.0.1"  # every request reaches Django from nginx
    for number in range(5):
        post(
            client, form, f"nobody{number}", WRONG, address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.1"
        )
    # The same client, even when it writes its own fake entry first, is refused...
    spoofed = post(
        client,
        form,
        "tomas",
        PASSWORD,
        address=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.9, 192.0.2.1",
    )
    assert spoofed.status_code == 429
    # ...while another client behind the same proxy is not.
    other = post(client, form, "tomas", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.2")
    assert other.status_code == 302


def test_workers_share_the_counts_through_redis(client, people, settings, redis_default_cache):
    """Two cache clients on the same Redis database, as two gunicorn workers would hold."""
    settings.ACCOUNTS_RATE_LIMITS = {"login": (5, 60)}
    form = USERNAME_FORMS["admin login"]
    for _ in range(5):
        post(client, form, "rosa", WRONG)
    seen = {}

    def other_worker():
        # A new thread opens its own cache connection (Django keeps them per thread).
        request = type("Request", (), {"META": {"REMOTE_ADDR": "10.0.0.1"}})()
        seen["address"] = ratelimit.exceeded(request, "login")
        other = type("Request", (), {"META": {"REMOTE_ADDR": "10.7.7.7"}})()
        seen["account"] = ratelimit.exceeded(other, "login", "ROSA ")
        seen["stranger"] = ratelimit.exceeded(other, "login", "tomas")

    worker = threading.Thread(target=other_worker)
    worker.start()
    worker.join()
    assert seen == {"address": True, "account": True, "stranger": False}
