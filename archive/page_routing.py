"""Routing to a child page with one query, by its slug in the reader's language.

wagtail-modeltranslation replaces every page model's `route` with one that loads all the
children and compares slugs in Python (for language fallback). The home page (on the path
of every story) and the story index (thousands of children) ask the database for the one
child instead, with the same fallback: the child's slug in the reader's language or, where
it has none, in a fallback language. Their AppConfig.ready installs these routes after
that patch has run.
"""

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from wagtail.models import Page

from archive.languages import current


def slug_in_language(slug):
    """A filter for pages whose slug, as a reader in the current language sees it, is `slug`."""
    language = current()
    match = Q(**{f"slug_{language}": slug})
    missing = Q(**{f"slug_{language}__isnull": True}) | Q(**{f"slug_{language}": ""})
    # modeltranslation's fallback order, not languages.translated(): it builds the page URLs.
    for other in settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"]:
        if other != language:
            match |= missing & Q(**{f"slug_{other}": slug})
    return match


def route_to_child(parent, request, path_components):
    """Page.route for `parent` when the address goes below it.

    A child only passed through on the way to a page below it, and whose class declares
    `routes_with_base_fields` (its route reads nothing but the page tree), is not loaded as
    its specific model: one query fewer on every story page."""
    child = Page.objects.child_of(parent).filter(slug_in_language(path_components[0])).first()
    if child is None:
        raise Http404
    remaining = path_components[1:]
    passed_through = remaining and getattr(child.specific_class, "routes_with_base_fields", False)
    child = child.specific_deferred if passed_through else child.specific
    return child.route(request, remaining)
