"""A researcher's request, read safely from the URL.

Everything a visitor types passes through here before any engine sees it: words and
"quoted phrases" are reduced to plain word tokens (no engine syntax can get through), bad
numbers and unknown themes become messages instead of errors, very long queries are cut.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from archive.languages import CODES, current
from archive.models import Place, ThemeTree
from archive.params import page_number, period
from archive.roles import is_member
from search import sources

MAX_QUERY_CHARS = 500
MAX_TERMS = 32
PER_PAGE = 20
MAX_PAGE = 500
SORTS = ("relevance", "newest", "oldest")
FACETS = ("theme", "place", "decade", "language", "kind")

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text):
    """Lower case without accents: "Migración" -> "migracion" (how every engine compares)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def end_of_minute(moment):
    """The first instant of the next minute: what "now" is for expiries in search."""
    return moment.replace(second=0, microsecond=0) + timedelta(minutes=1)


@dataclass(frozen=True)
class Term:
    """One word, or a phrase of several words that must appear together in this order."""

    words: tuple[str, ...]

    @property
    def is_phrase(self):
        return len(self.words) > 1


def parse_terms(text):
    """Words and "quoted phrases" from what the visitor typed, folded to plain letters and
    digits. Punctuation and operators are dropped; an unmatched quote is ignored."""
    terms = []
    parts = text.split('"')
    for position, part in enumerate(parts):
        # Odd positions sit between a pair of quotes; the last odd part of an
        # unbalanced string has no closing quote and is read as plain words.
        quoted = position % 2 == 1 and position < len(parts) - 1
        words = [fold(word) for word in _WORD.findall(part)]
        words = [word.replace("_", "") for word in words if word.strip("_")]
        if quoted and len(words) > 1:
            terms.append(Term(tuple(words)))
        else:
            terms.extend(Term((word,)) for word in words)
    return terms[:MAX_TERMS]


@dataclass
class SearchQuery:
    text: str = ""
    terms: list[Term] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)  # slugs, child themes included
    places: list[str] = field(default_factory=list)  # slugs
    year_from: int | None = None
    year_to: int | None = None
    language: str | None = None  # the records written in this language (the filter)
    kind: str | None = None
    # One result per record: its document in this language when it has one.
    reader: str = field(default_factory=current)
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
    include_members: bool = False
    # Exports page through hits and need no facet counts: False spares computing them.
    facets: bool = True
    today: date = field(default_factory=timezone.localdate)
    # Expiries are compared with the end of the current minute: a story leaves search up
    # to a minute before its page closes, never after, and answers stay cacheable for that
    # minute (search.result_cache keys on the statement's parameters).
    now: datetime = field(default_factory=lambda: end_of_minute(timezone.now()))
    # What was asked but could not be used, in the visitor's language.
    messages: list[str] = field(default_factory=list)
    # The visitor's chosen values as typed (slugs), for the form and the facet links.
    chosen: dict = field(default_factory=dict)

    @property
    def is_browse(self):
        return not self.terms

    @property
    def shown_language(self):
        """Which language's document stands for a record written in it: the chosen
        language filter's, else the reader's."""
        return self.language or self.reader

    @property
    def offset(self):
        return (self.page - 1) * self.per_page

    def without(self, facet):
        """The same query with one facet's filter removed (its counts ignore it)."""
        from copy import copy

        other = copy(self)
        if facet == "theme":
            other.themes = []
        elif facet == "place":
            other.places = []
        elif facet == "decade":
            other.year_from = other.year_to = None
        elif facet == "language":
            other.language = None
        elif facet == "kind":
            other.kind = None
        return other


def _choice(raw, allowed, label, messages):
    if raw in (None, ""):
        return None
    if raw in allowed:
        return raw
    messages.append(
        _("Unknown %(label)s “%(value)s” was ignored.") % {"label": label, "value": str(raw)[:40]}
    )
    return None


def parse_request(params, user=None):
    """A SearchQuery from request.GET. Never raises on visitor input."""
    messages = []
    text = (params.get("q") or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        messages.append(
            _("Your search was shortened to its first %(count)d characters.")
            % {"count": MAX_QUERY_CHARS}
        )
    query = SearchQuery(text=text, terms=parse_terms(text), messages=messages)

    theme_slugs = [slug for slug in params.getlist("theme") if slug][:10]
    tree = ThemeTree() if theme_slugs else None
    for slug in theme_slugs:
        if slug not in tree.ids:
            messages.append(_("Unknown theme “%(value)s” was ignored.") % {"value": slug[:40]})
            continue
        query.chosen.setdefault("theme", []).append(slug)
        below = (tree.slugs[pk] for pk in tree.below(tree.ids[slug]))
        query.themes.extend(each for each in below if each not in query.themes)
    for slug in [slug for slug in params.getlist("place") if slug][:10]:
        if Place.objects.filter(slug=slug).exists():
            query.chosen.setdefault("place", []).append(slug)
            query.places.append(slug)
        else:
            messages.append(_("Unknown place “%(value)s” was ignored.") % {"value": slug[:40]})

    years = period(params)
    labels = {"from": _("from year"), "to": _("to year")}
    for name, problem in years.problems.items():
        messages.append(
            _("%(problem)s The %(label)s filter was ignored.")
            % {"problem": problem, "label": labels[name]}
        )
    query.year_from, query.year_to = years.year_from, years.year_to
    if years.reversed:
        messages.append(
            _("The period was reversed: searching %(first)d–%(last)d.")
            % {"first": query.year_to, "last": query.year_from}
        )
        query.year_from, query.year_to = query.year_to, query.year_from
    query.language = _choice(params.get("lang"), CODES, _("language"), messages)
    query.kind = _choice(params.get("kind"), sources.all_kinds(), _("kind of record"), messages)
    # "relevance" without words lists oldest first (every engine does), and the form
    # keeps offering "Best match" for the words the visitor types next.
    query.sort = _choice(params.get("sort"), SORTS, _("sort order"), messages) or "relevance"
    query.page = min(page_number(params.get("page")) or 1, MAX_PAGE)
    query.include_members = is_member(user) if user is not None else False
    return query
