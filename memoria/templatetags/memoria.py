"""Template helpers shared by every public page."""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from wagtail.models import Page

from archive import site_url
from archive.languages import current, native_name, split_language_prefix
from interop.linked_data import as_script, open_graph, story_json_ld
from stories.models import StoryIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context):
    """The current record in each language: [{code, name, url, current, alternate}].

    Wagtail pages have a translated slug per language, so their URL comes from the page
    itself, as does a theme's (`addressed` in the context); every other view keeps its
    path and swaps the language prefix. `alternate` (hreflang) is false where the content
    is not written in that language: a story's English address shows its Spanish text
    until it is translated.
    """
    request = context["request"]
    page = context.get("page") or context.get("self")
    # Django's 404 handler sets request_path: an error page offers the home pages.
    is_error_page = "request_path" in context
    # A record whose address is translated beyond the path words (a theme's Spanish slug).
    addressed = context.get("addressed")
    reader = current()
    # A story without text yet (a draft being previewed) offers every language.
    written = getattr(page, "written_languages", None) if isinstance(page, Page) else None
    written = written or None
    versions = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            if is_error_page:
                url = reverse("wagtail_serve", args=[""])
            elif isinstance(page, Page):
                url = page.get_url(request)
            elif addressed is not None:
                url = _with_query(addressed.get_absolute_url(), request.get_full_path())
            else:
                url = _same_path_in(code, request.get_full_path(), reader)
            versions.append(
                {
                    "code": code,
                    "name": translation.gettext(name) if code == reader else native_name(code),
                    "url": url,
                    "current": code == reader,
                    "alternate": written is None or code in written,
                }
            )
    return versions


def _same_path_in(language, full_path, current):
    """The same view's address in `language`: /es/temas/agua/?q=x for /themes/water/?q=x.
    Path segments are translated (memoria/urls.py), so the path is resolved in the language it
    is in and reversed in the other; the query string is kept."""
    path = full_path.partition("?")[0]
    try:
        with translation.override(current):
            match = resolve(path)
        with translation.override(language):
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except (Resolver404, NoReverseMatch):
        # Not one of our views (a page outside the URL patterns): swap the prefix only.
        _language, path = split_language_prefix(path)
        path = path if language == settings.LANGUAGE_CODE else f"/{language}{path}"
    return _with_query(path, full_path)


def _with_query(path, full_path):
    """`path` with the query string of `full_path`, if it has one."""
    _path, _sep, query = full_path.partition("?")
    return f"{path}?{query}" if query else path


@register.filter
def in_language(value, language):
    """Render a HistoricalDate in the given language."""
    return value.render(language) if value else ""


@register.simple_tag(takes_context=True)
def absolute(context, url):
    return site_url.absolute(url)


@register.filter
def localized(story, field):
    """A story's field in the language the reader actually gets (see StoryPage.localized)."""
    return story.localized(field)


@register.simple_tag(takes_context=True)
def story_index_url(context):
    page = context.get("page")
    # A story page was reached through its index (StoryIndexPage.route_by_slug_query).
    index = page if isinstance(page, StoryIndexPage) else getattr(page, "routed_from_index", None)
    if index is None or not index.live:
        index = StoryIndexPage.objects.live().public().first()
    return index.get_url(context["request"]) if index else ""


@register.filter
def citation_date(value):
    """A HistoricalDate as reference managers read citation_publication_date: 1986/03/15,
    1986/03 or 1986 (the start of a period or decade)."""
    if not value:
        return ""
    parts = [f"{value.year:04d}"]
    if value.month and value.precision in ("month", "day"):
        parts.append(f"{value.month:02d}")
        if value.day and value.precision == "day":
            parts.append(f"{value.day:02d}")
    return "/".join(parts)


@register.simple_tag(takes_context=True)
def story_linked_data(context, story):
    """schema.org JSON-LD and Open Graph tags for a story page's <head>."""
    from django.utils.html import format_html, format_html_join

    request = context["request"]
    language = current()
    data = story_json_ld(story, request, language)
    meta = format_html_join(
        "\n  ", '<meta property="{}" content="{}">', open_graph(data, story.written_languages)
    )
    return format_html("{}\n  {}", as_script(data), meta)
