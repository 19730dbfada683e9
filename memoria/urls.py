from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from archive.sitemaps import SITEMAPS
from archive.views import browse, documents, favicon, legacy_paths, media
from interop import oai
from interop.api import api_router
from memoria import health
from recordings.urls import upload_urlpatterns as recording_uploads
from search import views as research
from stories.feeds import LatestStoriesFeed
from stories.submission import views as submission
from timelines.views import embed as timeline_embed
from timelines.views import oembed
from timelines.views import slides as timeline_slides
from timelines.views import timelinejs as timeline_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(documents.urlpatterns)),
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", favicon.favicon, name="favicon"),
    path("api/v2/", api_router.urls),
    path("oembed/", oembed.oembed, name="oembed"),
    path("oai/", oai.endpoint, name="oai"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Recorded testimonies' files, each request checked (recordings/views.py).
    path("", include("recordings.urls")),
]

# Path segments readers see are translated: /themes/ is /es/temas/ (Spanish catalog).
urlpatterns += i18n_patterns(
    path(_("themes/"), browse.theme_list, name="theme_list"),
    path(_("themes/<slug:slug>/"), browse.theme_detail, name="theme_detail"),
    path(_("places/"), browse.place_list, name="place_list"),
    path(_("places/<slug:slug>/"), browse.place_detail, name="place_detail"),
    path(_("photos/<int:pk>/"), browse.photo_detail, name="photo_detail"),
    # By id, never by a name: a real name cannot leak through an address, and a narrator
    # who changes their public name keeps every link.
    path(_("narrators/<int:pk>/"), browse.narrator_detail, name="narrator_detail"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path(_("accounts/"), include("archive.accounts.urls")),
    # Before the page tree, which would otherwise look for a story called "feed".
    path(_("stories/feed/"), LatestStoriesFeed(), name="story_feed"),
    path(_("submit/"), submission.submit_story, name="submit_story"),
    # Recordings sent in chunks, resumable (recordings/upload_views.py).
    path("", include(recording_uploads)),
    path(_("search/"), research.search_page, name="search"),
    path(_("search/results.json"), research.results_json, name="search_json"),
    path(_("search/export.csv"), research.export, {"format": "csv"}, name="search_export_csv"),
    path(_("search/export.ris"), research.export, {"format": "ris"}, name="search_export_ris"),
    path(_("search/export.csl.json"), research.export, {"format": "csl"}, name="search_export_csl"),
    path(_("my-stories/"), submission.my_stories, name="my_stories"),
    path("timelines/<str:slug>/timelinejs.json", timeline_views.timelinejs, name="timelinejs"),
    path("embed/timeline/<str:slug>/", timeline_embed.embed_timeline, name="timeline_embed"),
    path(
        "timelines/<str:slug>/offline.html",
        timeline_embed.offline_timeline,
        name="timeline_offline",
    ),
    path(
        "timelines/<str:slug>/slides.pptx", timeline_slides.timeline_slides, name="timeline_slides"
    ),
    # Addresses handed out before Spanish paths were translated (/es/themes/…) move for good.
    re_path(legacy_paths.PATTERN, legacy_paths.to_spanish_path, name="legacy_spanish_path"),
    # Wagtail's page tree last: it answers every path not matched above.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# Uploaded photos go through a view that checks who may see them, in every environment
# (archive/views/media.py). A MEDIA_URL on another host (object storage) bypasses it: such
# storage must be private and answer only signed URLs.
if settings.MEDIA_URL.startswith("/"):
    urlpatterns.insert(
        0, path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", media.serve, name="media")
    )
