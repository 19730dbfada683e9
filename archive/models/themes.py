"""Themes, the archive's controlled vocabulary, and ThemeTree: the one walk of their tree.

A parent theme finds the records of the themes below it (pages, ?theme= searches,
timelines, OAI sets, BagIt exports). Theme.clean() refuses a parent that would make a
theme its own ancestor; ThemeTree still stops at a theme it has already passed, so a
cycle stored before that check (or by a raw update) cannot make a page loop.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from archive.languages import current


class ThemeTree:
    """The theme tree, read in one query (a few dozen rows), or from (id, slug, parent
    id) rows a caller already has."""

    def __init__(self, rows=None):
        if rows is None:
            rows = Theme.objects.values_list("pk", "slug", "parent_id")
        self.slugs, self.ids, self.parents, self.children = {}, {}, {}, {}
        for pk, slug, parent in rows:
            self.slugs[pk], self.ids[slug], self.parents[pk] = slug, pk, parent
            self.children.setdefault(parent, []).append(pk)

    def below(self, *pks):
        """These themes' ids and those of every theme under them, each once."""
        found, frontier = dict.fromkeys(pks), list(pks)
        while frontier:
            frontier = [c for pk in frontier for c in self.children.get(pk, ()) if c not in found]
            found.update(dict.fromkeys(frontier))
        return list(found)

    def above(self, pk):
        """The ids of the themes over this one, its parent first."""
        found, parent = [], self.parents.get(pk)
        while parent is not None and parent != pk and parent not in found:
            found.append(parent)
            parent = self.parents.get(parent)
        return found

    def path(self, pk):
        """Slugs from the top theme down to this one."""
        return [self.slugs[each] for each in reversed([pk, *self.above(pk)])]


class Theme(index.Indexed, models.Model):
    """The network's controlled vocabulary (its working groups and their sub-themes)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_(
            "The theme's address in English (/themes/<slug>/) and its name in ?theme= "
            "searches; changing it breaks links already shared."
        ),
    )
    # Spanish readers get a Spanish address (/es/temas/agua/ rather than /es/temas/water/).
    # Its own field, not a modeltranslation one: ?theme= filters, facets and OAI sets keep
    # the one stable `slug` in every language.
    slug_es = models.SlugField(
        _("Spanish slug"),
        max_length=120,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The theme's address in Spanish (/es/temas/<slug>/)."),
    )
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent theme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("slug_es"),
        FieldPanel("description"),
        FieldPanel("parent"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("theme_detail", kwargs={"slug": self.slug_in(current())})

    def slug_in(self, language):
        """The slug of this theme's address in `language` (the English one where no
        Spanish slug was given)."""
        return (self.slug_es if language == "es" else None) or self.slug

    @classmethod
    def by_address(cls, slug):
        """The theme an address names, by either language's slug (a link shared in the
        other language, or an address written before the Spanish slug existed)."""
        return cls.objects.filter(models.Q(slug=slug) | models.Q(slug_es=slug)).first()

    def clean(self):
        super().clean()
        self.slug_es = self.slug_es or None  # an empty field must not collide as ""
        if self.slug_es:
            # Either language's address finds a theme by either slug: no slug may name
            # two themes.
            others = Theme.objects.exclude(pk=self.pk)
            if others.filter(models.Q(slug=self.slug_es) | models.Q(slug_es=self.slug_es)):
                raise ValidationError({"slug_es": _("Another theme already uses this address.")})
        if Theme.objects.exclude(pk=self.pk).filter(slug_es=self.slug).exists():
            raise ValidationError({"slug": _("Another theme already uses this address.")})
        if self.pk is not None and self.parent_id is not None:
            if self.pk in (self.parent_id, *ThemeTree().above(self.parent_id)):
                raise ValidationError(
                    {
                        "parent": _(
                            "A theme cannot be placed under itself or under one of its "
                            "own sub-themes."
                        )
                    }
                )

    def with_descendants(self):
        """This theme and every theme below it (filters include child themes)."""
        ids = ThemeTree().below(self.pk)
        others = Theme.objects.in_bulk(ids[1:])
        return [self, *(others[pk] for pk in ids[1:] if pk in others)]
