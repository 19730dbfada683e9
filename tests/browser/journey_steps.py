"""Steps the browser journeys share (test_journeys.py, test_recorded_testimony_journey.py):
the site's and the admin's words in a language, the people taking part, logging in to
Wagtail's admin and its workflow buttons. Labels are looked up in the catalogues the site
itself translates with."""

import re

from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from archive import roles
from archive.models import MemberProfile

PASSWORD = "a-long-test-password-1986"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
BROWSER_LOCALES = {"en": "en-US", "es": "es-SV"}


def t(language, message):
    """`message` as the site and the admin show it in `language`."""
    with translation.override(language):
        return translation.gettext(message)


def path_in(language, name):
    """A view's path in `language`: Spanish paths are translated (/es/buscar/)."""
    with translation.override(language):
        return reverse(name)


def person(username, group, **profile):
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    if group == roles.MEMBERS:
        MemberProfile.objects.create(user=user, **profile)
    return user


def staff(username, group, language):
    """Someone on the archive's side, with Wagtail's admin in `language`: they choose it in
    the admin's account settings (the admin's addresses carry no language)."""
    user = person(username, group)
    preferences = UserProfile.get_for_user(user)
    preferences.preferred_language = language
    preferences.save()
    return user


def log_in_to_admin(desktop, username):
    desktop.goto("/admin/login/")
    desktop.locator("input[name=username]").fill(username)
    desktop.locator("input[name=password]").fill(PASSWORD)
    desktop.locator("form button[type=submit]").click()
    expect(desktop).to_have_url(re.compile(r"/admin/$"))


def open_from_the_menu(desktop, language, group, item):
    """An item of the admin's sidebar; `group` is the submenu holding it, or None."""
    sidebar = desktop.locator("#wagtail-sidebar")
    if group:
        sidebar.get_by_role("button", name=t(language, group)).click()
    sidebar.get_by_role("link", name=t(language, item)).click()


def workflow_button(desktop, language, action, last_step=False):
    """The button of a workflow action in the page editor's footer. Wagtail names the last
    step's approval "<action> and Publish"."""
    label = t(language, action)
    if last_step:
        label = t(language, "%(label)s and Publish") % {"label": label}
    return desktop.get_by_role("button", name=label, exact=True)
