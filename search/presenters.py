"""Turning engine results into what pages, JSON and exports show: labels in the reader's
language, HTML-safe snippets, links that add or remove one filter."""

from urllib.parse import parse_qs, urlsplit

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from archive import site_url
from archive.languages import label
from archive.models import Place, Theme
from archive.visibility import public_images, public_thumbnails
from search import sources
from search.engines.base import MARK_END, MARK_START

FACET_TITLES = {
    "theme": lambda: _("Theme"),
    "place": lambda: _("Place"),
    "decade": lambda: _("Decade"),
    "language": lambda: _("Language"),
    "kind": lambda: _("Kind of record"),
}


def kind_label(kind):
    built_in = {"story": _("Story"), "photo": _("Photo"), "event": _("Dated event")}
    if kind in built_in:
        return built_in[kind]
    source = sources.source_of(kind)
    return str(source.label) if source else kind


def moment(hit):
    """The time in its recording a hit opens at ("12:30"), from the `?t=` its address
    carries (a recording segment's), or "" for a record that is not a moment."""
    values = parse_qs(urlsplit(hit.url).query).get("t")
    if not values or not values[0].isdigit():
        return ""
    hours, rest = divmod(int(values[0]), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


def thumbnails(hits):
    """{record ("story:12"): a photo to show beside its hit}: a photo's own, or a public
    photo its story shows. Only photos anyone may see, whoever is searching, as in the
    story lists: a members-only story's own photo never appears beside it."""
    story_ids = [hit.record_id for hit in hits if hit.kind == "story"]
    photo_ids = [hit.record_id for hit in hits if hit.kind == "photo"]
    shown = {f"story:{pk}": photo for pk, photo in public_thumbnails(story_ids).items()}
    if photo_ids:
        shown.update({f"photo:{photo.pk}": photo for photo in public_images(among=photo_ids)})
    return shown


def decade_label(value, language):
    return f"{value}s" if language == "en" else _("%(decade)ss") % {"decade": value}


def snippet_html(snippet):
    """Escape the text, then turn the engine's markers into <mark> elements."""
    html = escape(snippet or "")
    return mark_safe(html.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


class Labels:
    """Names of themes and places in the reader's language (they are translated fields)."""

    def __init__(self):
        self.themes = {theme.slug: theme.name for theme in Theme.objects.all()}
        self.places = {place.slug: place.name for place in Place.objects.all()}

    def facet_value(self, facet, value, language):
        if facet == "theme":
            return self.themes.get(value, value)
        if facet == "place":
            return self.places.get(value, value)
        if facet == "decade":
            return decade_label(value, language)
        if facet == "language":
            return str(label(value))  # a str, as the other facet labels are
        return kind_label(value)


def _with(params, **changes):
    query = params.copy()
    query.pop("page", None)
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return "?" + query.urlencode()


def facet_groups(results, params, query, language):
    """For the sidebar: each facet's values with count, label, chosen state and the link
    that toggles it (other filters kept)."""
    labels = Labels()
    groups = []
    for facet, values in results.facets.items():
        items = []
        for value in values:
            chosen = _is_chosen(facet, value.value, query)
            if facet in ("theme", "place"):
                current = [v for v in params.getlist(facet) if v]
                new = [v for v in current if v != value.value] if chosen else [value.value]
                link = params.copy()
                link.pop("page", None)
                link.setlist(facet, new)
                url = "?" + link.urlencode()
            elif facet == "decade":
                decade = int(value.value)
                url = (
                    _with(params, **{"from": None, "to": None})
                    if chosen
                    else _with(params, **{"from": str(decade), "to": str(decade + 9)})
                )
            else:
                name = "lang" if facet == "language" else facet
                url = _with(params, **{name: None if chosen else value.value})
            items.append(
                {
                    "value": value.value,
                    "label": labels.facet_value(facet, value.value, language),
                    "count": value.count,
                    "chosen": chosen,
                    "url": url,
                }
            )
        groups.append({"name": facet, "title": FACET_TITLES[facet](), "items": items})
    return groups, labels


def _is_chosen(facet, value, query):
    if facet in ("theme", "place"):
        return value in query.chosen.get(facet, [])
    if facet == "decade":
        decade = int(value)
        return query.year_from == decade and query.year_to == decade + 9
    if facet == "language":
        return query.language == value
    return query.kind == value


def hit_json(hit, request, labels, language):
    return {
        "title": hit.title,
        "url": site_url.absolute(hit.url),
        "snippet": str(snippet_html(hit.snippet)),
        "kind": hit.kind,
        "date": hit.date.iso() if hit.date else None,
        "date_label": hit.date.render(language) if hit.date else "",
        "language": hit.language,
        # The same record in its other language, when the visitor may read it there.
        "also_in": (
            {"language": hit.other_language, "url": site_url.absolute(hit.other_url)}
            if hit.other_url
            else None
        ),
        "themes": [
            {"slug": slug, "name": labels.themes.get(slug, slug)} for slug in hit.theme_slugs
        ],
        "places": [
            {"slug": slug, "name": labels.places.get(slug, slug)} for slug in hit.place_slugs
        ],
        "narrator": hit.narrator,
        "time": moment(hit),
    }
