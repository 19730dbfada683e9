"""/stories/ sorted and narrowed by what a reader asks in the address (?sort=, ?theme=,
?place=, ?decade=): a plain GET form, so it works without JavaScript, and every choice is
a link that can be shared.

Whatever is asked, the stories listed are the ones archive.visibility lets this reader read;
a value that names nothing (an unknown theme, a year out of range) is ignored.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import F
from django.db.models.functions import Coalesce, Lower
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from archive.languages import CODES
from archive.models import Place, Theme
from archive.params import BadParameter, year

SORTS = {
    "added": _("Recently added"),
    "newest": _("Newest first (date of the events)"),
    "oldest": _("Oldest first (date of the events)"),
    "title": _("Title (A–Z)"),
}
DEFAULT_SORT = "added"


def _by_date(descending):
    # Undated stories come last either way; then the most recently added first.
    fields = ("date_year", "date_month", "date_day")
    order = [
        F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
        for name in fields
    ]
    return [*order, "-first_published_at", "pk"]


def _by_title():
    language = (translation.get_language() or CODES[0])[:2]
    if language not in CODES:
        language = CODES[0]
    return [Lower(Coalesce(f"title_{language}", "title")).asc(), "pk"]


@dataclass(frozen=True)
class StoryFilters:
    """What the reader asked for; None where they asked for nothing (or nothing valid)."""

    sort: str = DEFAULT_SORT
    theme: Theme | None = None
    place: Place | None = None
    decade: int | None = None

    @property
    def narrowed(self):
        return bool(self.theme or self.place or self.decade is not None)

    def apply(self, stories):
        """These stories (a StoryPage queryset), narrowed and sorted as asked."""
        model = stories.model
        if self.theme is not None:
            tagged = model.objects.filter(themes__in=self.theme.with_descendants())
            stories = stories.filter(pk__in=tagged.values("pk"))
        if self.place is not None:
            stories = stories.filter(pk__in=model.objects.filter(places=self.place).values("pk"))
        if self.decade is not None:
            stories = stories.filter(date_year__gte=self.decade, date_year__lte=self.decade + 9)
        if self.sort in ("newest", "oldest"):
            return stories.order_by(*_by_date(self.sort == "newest"))
        if self.sort == "title":
            return stories.order_by(*_by_title())
        return stories.order_by("-first_published_at", "pk")

    def kept_query(self):
        """The parameters to keep in a page link, each followed by "&" ("" for none)."""
        pairs = [
            ("sort", "" if self.sort == DEFAULT_SORT else self.sort),
            ("theme", self.theme.slug if self.theme else ""),
            ("place", self.place.slug if self.place else ""),
            ("decade", "" if self.decade is None else str(self.decade)),
        ]
        kept = urlencode([(name, value) for name, value in pairs if value])
        return f"{kept}&" if kept else ""


def read_filters(params):
    """The StoryFilters in `params` (request.GET); never raises."""
    sort = params.get("sort", "")
    try:
        decade_year = year(params.get("decade"), "decade")
    except BadParameter:
        decade_year = None
    return StoryFilters(
        sort=sort if sort in SORTS else DEFAULT_SORT,
        theme=_by_slug(Theme, params.get("theme")),
        place=_by_slug(Place, params.get("place")),
        decade=None if decade_year is None else decade_year - decade_year % 10,
    )


def _by_slug(model, slug):
    slug = (slug or "").strip()
    if not slug or len(slug) > 255:
        return None
    return model.objects.filter(slug=slug).first()


def filter_choices(stories):
    """What the form offers: every theme (each followed by the themes below it, indented),
    every place, and the decades these stories (the ones this reader may read) are
    dated in."""
    years = stories.exclude(date_year=None).order_by().values_list("date_year", flat=True)
    return {
        "sorts": list(SORTS.items()),
        "themes": [(theme, "— " * depth + theme.name) for theme, depth in _themes_in_tree_order()],
        "places": sorted(Place.objects.all(), key=lambda place: place.name.casefold()),
        "decades": sorted({value - value % 10 for value in years.distinct()}),
    }


def _themes_in_tree_order():
    """[(theme, depth)], each theme followed by those below it, by name (one query)."""
    themes = sorted(Theme.objects.all(), key=lambda theme: theme.name.casefold())
    known = {theme.pk for theme in themes}
    below = {}
    for theme in themes:
        parent = theme.parent_id if theme.parent_id in known else None
        below.setdefault(parent, []).append(theme)
    ordered, seen = [], set()
    pending = [(theme, 0) for theme in reversed(below.get(None, []))]
    while pending:
        theme, depth = pending.pop()
        if theme.pk in seen:  # Theme.clean() refuses cycles; never loop on one anyway
            continue
        seen.add(theme.pk)
        ordered.append((theme, depth))
        pending += [(child, depth + 1) for child in reversed(below.get(theme.pk, []))]
    return ordered
