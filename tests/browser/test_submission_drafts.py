"""The story draft kept in the phone's browser (stories/static/stories/submit.js) holds what
the member typed, the narrator's real name included. It does not outlive the login: logging
out (on the site or in the admin) removes it, and another member logging in on the same
browser never sees it. It still survives a session that expired while the member typed."""

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from archive import roles

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-1986"
REAL_NAME = "Rosa Realname Martínez"
DRAFTS = """() => Object.keys(window.localStorage)
    .filter((key) => key.startsWith("memoria-story-draft:"))"""


@pytest.fixture
def people(page, live_server):
    from stories.site_structure import ensure_site_structure

    ensure_site_structure()  # the story index /submit/ files stories under, and the roles

    def person(username, group):
        user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
        user.groups.add(Group.objects.get(name=group))
        return user

    return {
        "ana": person("ana", roles.MEMBERS),
        "beto": person("beto", roles.MEMBERS),
        "editora": person("editora", roles.EDITORS),
    }


def log_in(page, username, path="/accounts/login/?next=/submit/"):
    page.goto(path)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()


def type_a_draft(page):
    page.goto("/submit/")
    page.locator("input[name=title]").fill("El río de Arcatao")
    page.locator("textarea[name=text]").fill("Llegamos en 1989.")
    page.locator("input[name=narrator][value=other]").check()
    page.locator("input[name=narrator_name]").fill(REAL_NAME)
    page.locator("input[name=language][value=es]").check()
    page.locator("input[name=consent][value=public]").check()
    # A function, not an expression: Playwright evaluates expressions with eval(), which the
    # site's Content-Security-Policy refuses.
    page.wait_for_function(f"() => ({DRAFTS})().length > 0")  # saved a moment after typing
    return page.evaluate(DRAFTS)


def assert_no_draft_shown(page):
    page.goto("/submit/")
    expect(page.locator("input[name=title]")).to_have_value("")
    expect(page.locator("input[name=narrator_name]")).to_have_value("")
    expect(page.locator("#draft-notice")).to_be_hidden()
    assert REAL_NAME not in page.content()


def test_logging_out_on_the_site_removes_the_draft(page, people):
    log_in(page, "ana")
    assert type_a_draft(page) == [f"memoria-story-draft:{people['ana'].pk}"]

    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    assert page.evaluate(DRAFTS) == []

    log_in(page, "ana")  # the same member, back again
    assert_no_draft_shown(page)
    page.context.clear_cookies()
    log_in(page, "beto")  # or another one
    assert_no_draft_shown(page)


def test_the_sites_logout_button_removes_the_draft_where_the_header_is_ignored(page, people):
    """Older browsers ignore Clear-Site-Data: the button itself removes the drafts."""

    def without_clear_site_data(route):
        answer = route.fetch(max_redirects=0)
        headers = {k: v for k, v in answer.headers.items() if k.lower() != "clear-site-data"}
        route.fulfill(response=answer, headers=headers)

    page.route("**/accounts/logout/", without_clear_site_data)
    log_in(page, "ana")
    type_a_draft(page)
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    assert page.evaluate(DRAFTS) == []


def test_logging_out_of_the_admin_removes_the_draft(page, people):
    log_in(page, "editora")
    type_a_draft(page)
    page.goto("/admin/pages/")
    page.get_by_role("button", name="editora").click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/admin/login/**")
    assert page.evaluate(DRAFTS) == []


def test_another_member_never_sees_the_draft_even_without_a_logout(page, people):
    log_in(page, "ana")
    type_a_draft(page)
    page.context.clear_cookies()  # the session ends without a logout (a shared phone)

    log_in(page, "beto")
    assert_no_draft_shown(page)
    assert page.evaluate(DRAFTS) == []  # and ana's is gone from the browser


def test_a_session_that_expired_while_typing_keeps_the_draft_for_the_same_member(page, people):
    log_in(page, "ana")
    type_a_draft(page)
    page.context.clear_cookies(name="sessionid")  # the session expired while she typed

    page.locator("#story-submit").click()
    # The answer (the login page) replaces the form in place, as submit.js does.
    page.wait_for_function("() => location.pathname.startsWith('/accounts/login/')")
    expect(page.locator(".messages")).to_contain_text("Your session had expired")
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_url("**/submit/")
    expect(page.locator("input[name=title]")).to_have_value("El río de Arcatao")
    expect(page.locator("input[name=narrator_name]")).to_have_value(REAL_NAME)
    expect(page.locator("#draft-notice")).to_be_visible()
