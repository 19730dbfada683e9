"""Admin report "Needs translation": stories whose English or Spanish text is missing or
not yet reviewed, so translators can find their work (Reports menu in Wagtail's admin).

Registered from memoria/wagtail_hooks.py (`admin_urls`, `menu_item`). Reads each story's
saved page record; text only in an unpublished draft revision is not seen here.
"""

import django_filters
from django.db.models import BooleanField, Case, Q, TextField, Value, When
from django.db.models.functions import Cast, Length
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import page_permission_policy

from archive.languages import CODES, label
from archive.models import Theme
from stories.models import StoryPage, TranslationStatus

UNFINISHED = [TranslationStatus.NEEDED, TranslationStatus.DRAFT]
# An empty StreamField is stored as NULL, "" or "[]" (also JSON "null"): any real block is
# far longer, so the length of the stored text tells empty from written on every database.
EMPTY_BODY_LENGTH = 4


def _needs_work(language):
    body_length = Length(Cast(f"body_{language}", TextField()))
    return (
        Q(**{f"translation_status_{language}__in": UNFINISHED})
        | Q(**{f"body_{language}__isnull": True})
        | Q(**{f"body_length_{language}__lte": EMPTY_BODY_LENGTH})
    ), body_length


def stories_needing_translation():
    """StoryPages missing or with unreviewed text in a language, annotated needs_en/needs_es."""
    stories = StoryPage.objects.all()
    any_language = Q()
    for language in CODES:
        condition, body_length = _needs_work(language)
        stories = stories.annotate(**{f"body_length_{language}": body_length}).annotate(
            **{
                f"needs_{language}": Case(
                    When(condition, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            }
        )
        any_language |= condition
    return stories.filter(any_language)


def languages_needing_work(story):
    parts = []
    for language in CODES:
        if getattr(story, f"needs_{language}", False):
            status = getattr(story, f"get_translation_status_{language}_display")()
            if not story.has_text_in(language):
                status = _("no text")
            parts.append(f"{label(language)} ({status})")
    return ", ".join(str(part) for part in parts)


class NeedsTranslationFilterSet(WagtailFilterSet):
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        method="filter_theme",
        empty_label=_("All themes"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Language needing work"),
        choices=[(code, label(code)) for code in CODES],
        method="filter_language",
        empty_label=_("Either language"),
    )

    class Meta:
        model = StoryPage
        fields = []

    def filter_theme(self, queryset, name, theme):
        # A theme includes its sub-themes, as on the public theme pages.
        return queryset.filter(themes__in=theme.with_descendants()).distinct()

    def filter_language(self, queryset, name, language):
        return queryset.filter(**{f"needs_{language}": True})


class NeedsTranslationView(ReportView):
    page_title = _("Needs translation")
    header_icon = "globe"
    index_url_name = "needs_translation_report"
    index_results_url_name = "needs_translation_report_results"
    filterset_class = NeedsTranslationFilterSet
    permission_policy = page_permission_policy
    any_permission_required = ["add", "change", "publish"]
    no_results_message = _("Every story has reviewed text in both languages.")
    columns = [
        TitleColumn(
            "title",
            label=_("Story"),
            accessor="get_admin_display_title",
            url_name="wagtailadmin_pages:edit",
        ),
        Column("languages", label=_("Needs work in"), accessor=languages_needing_work),
        Column("original_language", label=_("Original"), accessor="get_original_language_display"),
        Column("status", label=_("Status"), accessor="status_string"),
        Column("latest_revision_created_at", label=_("Updated")),
    ]

    def get_queryset(self):
        # Only stories this editor may change: the report links to their edit screens.
        editable = page_permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        return (
            stories_needing_translation()
            .filter(pk__in=editable.values("pk"))
            .order_by("-latest_revision_created_at", "pk")
        )


class NeedsTranslationMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permission_policy.user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


def admin_urls():
    """For the register_admin_urls hook."""
    return [
        path(
            "reports/needs-translation/",
            NeedsTranslationView.as_view(),
            name="needs_translation_report",
        ),
        path(
            "reports/needs-translation/results/",
            NeedsTranslationView.as_view(results_only=True),
            name="needs_translation_report_results",
        ),
    ]


def menu_item():
    """For the register_reports_menu_item hook."""
    return NeedsTranslationMenuItem(
        _("Needs translation"),
        reverse("needs_translation_report"),
        name="needs-translation",
        icon_name="globe",
        order=650,
    )
