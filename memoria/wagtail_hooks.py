"""Admin screens for the archive's vocabulary and people (Wagtail snippets)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from archive.accounts import admin as accounts_admin
from archive.document_links import PublicDocumentLinkHandler
from archive.models import HistoricalEvent, Narrator, Partnership, Place, Theme
from archive.restricted_pages import hide_closed_page
from archive.visibility import public_documents, works_on_archive
from stories import consent_admin
from stories import reports as translation_report


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "slug", "parent"]
    search_fields = ["name_en", "name_es", "slug"]
    menu_label = _("Themes")


class PlaceViewSet(SnippetViewSet):
    model = Place
    icon = "site"
    list_display = ["name", "country", "region"]
    list_filter = ["country"]
    search_fields = ["name_en", "name_es", "region"]
    menu_label = _("Places")


class PartnershipViewSet(SnippetViewSet):
    model = Partnership
    icon = "group"
    list_display = ["us_place", "salvadoran_place", "committee_name", "since_year"]
    menu_label = _("Sister cities")


class NarratorViewSet(consent_admin.NarratorConsentViewSetMixin, SnippetViewSet):
    model = Narrator
    icon = "user"
    list_display = ["display_name", "community", "consent_scope", "withdrawn_at"]
    list_filter = ["consent_scope"]
    search_fields = ["pseudonym", "real_name"]
    menu_label = _("Narrators")


class HistoricalEventViewSet(SnippetViewSet):
    model = HistoricalEvent
    icon = "date"
    list_display = ["headline", "date_year"]
    search_fields = ["headline_en", "headline_es"]
    menu_label = _("Historical events")


class ArchiveViewSetGroup(SnippetViewSetGroup):
    items = (
        ThemeViewSet,
        PlaceViewSet,
        PartnershipViewSet,
        NarratorViewSet,
        HistoricalEventViewSet,
    )
    menu_icon = "folder-open-inverse"
    menu_label = _("Archive")
    menu_name = "archive"


register_snippet(ArchiveViewSetGroup)

# Membership: invitations and sign-up requests (archive/accounts/admin.py).
hooks.register("register_admin_viewset", accounts_admin.membership_viewsets)
hooks.register("register_log_actions", accounts_admin.register_log_actions)
hooks.register("construct_homepage_panels", accounts_admin.dashboard_panels)

# Consent: record/withdraw views on narrators (stories/consent_admin.py), their audit-log
# labels, and the "Needs translation" report (stories/reports.py).
hooks.register("register_log_actions", consent_admin.register_log_actions)
hooks.register("register_admin_urls", translation_report.admin_urls)
hooks.register("register_reports_menu_item", translation_report.menu_item)


# Pages closed to logged-in readers or to groups answer 404, not a redirect to a login page
# that confirms they exist (archive/restricted_pages.py).
hooks.register("before_serve_page", hide_closed_page)


@hooks.register("register_rich_text_features", order=1)  # after wagtail.documents' own
def _link_public_documents_only(features):
    features.register_link_type(PublicDocumentLinkHandler)


@hooks.register("before_serve_document")
def _serve_public_documents_only(document, request):
    """Documents are served to the archive's staff, and to everyone else only when a public
    story links them: a consent form must not be downloadable by guessing its address."""
    from django.http import HttpResponseNotFound

    if works_on_archive(request.user) or public_documents().filter(pk=document.pk).exists():
        return None
    return HttpResponseNotFound()
