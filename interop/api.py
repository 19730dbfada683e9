"""Wagtail API v2 at /api/v2/ (pages, images, documents), public records only.

Each endpoint narrows Wagtail's own queryset with archive.visibility: pages lose every
story a visitor may not read, images are only the public ones and expose renditions, never
the original file, and documents are only those a public story links to (consent forms
never are).

Numbers (offset, limit, ?id=) are read through archive.params, ?search= as plain words, and
a NUL anywhere is refused: what the database cannot take answers 400 with a JSON message
instead of a server error.
"""

import re
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.fields import Field
from wagtail.api import APIField
from wagtail.api.v2.filters import LocaleFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from archive import site_url
from archive.api_fields import AnswerLanguageField, HtmlUrlInField
from archive.languages import CODES
from archive.middleware import NUL_REFUSED, holds_nul
from archive.params import BadParameter, whole_number
from archive.visibility import public_documents, public_images, public_stories
from interop.story_media import iso_duration, public_recordings
from stories.models import StoryPage


def _without_original(fields):
    return [name for name in fields if name != "download_url"]


def _number(request, name, **bounds):
    try:
        return whole_number(request.GET.get(name), name, **bounds)
    except BadParameter as error:
        raise BadRequestError(str(error)) from None


class CheckedPagination(WagtailPagination):
    """Wagtail's offset and limit, refused with a 400 before the database sees a number
    it cannot hold."""

    def paginate_queryset(self, queryset, request, view=None):
        _number(request, "offset")
        _number(request, "limit")
        return super().paginate_queryset(queryset, request, view)


class WordSearchFilter(SearchFilter):
    """Wagtail's ?search=, read as plain words as the research search reads them. Wagtail
    hands the text to the database as it is, and its SQLite search failed on a quote (FTS
    syntax), PostgreSQL on a NUL; an unknown search_operator was a server error too."""

    OPERATORS = ("and", "or")
    WORD = re.compile(r"\w+")

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        operator = request.GET.get("search_operator") or None
        if operator is not None and operator.lower() not in self.OPERATORS:
            raise BadRequestError(_("“search_operator” must be “and” or “or”."))
        words = request.GET.copy()
        words["search"] = " ".join(self.WORD.findall(request.GET["search"]))
        return super().filter_queryset(SimpleNamespace(GET=words), queryset, view)


def _word_search(backends):
    """Wagtail's filters, with its ?search= replaced by the one that reads plain words."""
    return [WordSearchFilter if backend is SearchFilter else backend for backend in backends]


class CheckedRequestsMixin:
    pagination_class = CheckedPagination
    answers_nul_itself = True  # archive.middleware leaves it to initial(), in JSON

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if holds_nul(request):
            raise BadRequestError(str(NUL_REFUSED))

    def find_object(self, queryset, request):
        if "id" in request.GET:
            _number(request, "id", minimum=1, required=True)
        return super().find_object(queryset, request)


HTML_URLS = [f"html_url_{code}" for code in CODES]


class BilingualPageSerializer(PageSerializer):
    locale = AnswerLanguageField()
    html_url_en = HtmlUrlInField("en")
    html_url_es = HtmlUrlInField("es")


RECORDINGS = "recordings"


class RecordingsField(Field):
    """A story's recorded testimonies (interop.story_media): the web copy's address, type
    and length, caption tracks, the transcripts and the segment index. The address, length
    and tracks only where the narrators agreed to publishing their voice ("words yes, voice
    no" gives the words and the index, as the story page does); the original never."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, story):
        return [_recording(recording) for recording in public_recordings(story)]


def _recording(recording):
    voice = recording.voice
    return {
        "id": recording.id,
        "media_kind": recording.kind or None,
        "url": site_url.absolute(voice.url) if voice else None,
        "format": voice.media_type if voice else None,
        "duration": voice.duration if voice else None,
        "duration_iso8601": iso_duration(voice.duration) if voice and voice.duration else None,
        "image_url": site_url.absolute(voice.image_url) if voice and voice.image_url else None,
        "tracks": [
            {"language": track.language, "kind": track.kind, "url": site_url.absolute(track.url)}
            for track in (voice.tracks if voice else ())
        ],
        "transcripts": [
            {"language": transcript.language, "webvtt": transcript.webvtt}
            for transcript in recording.transcripts
        ],
        "segments": [part.as_data() for part in recording.parts],
    }


class PublicPagesAPIViewSet(CheckedRequestsMixin, PagesAPIViewSet):
    """Pages, each record in both languages. ?locale=es gives the same records with the
    Spanish title and address in `title` and `html_url` (Wagtail's own ?locale= would filter
    by Wagtail locale, and this archive has one: Spanish lives in translated fields)."""

    base_serializer_class = BilingualPageSerializer
    # Wagtail's LocaleFilter answered 404 for ?locale=es: there is no Spanish Locale row.
    filter_backends = [
        backend
        for backend in _word_search(PagesAPIViewSet.filter_backends)
        if backend is not LocaleFilter
    ]
    meta_fields = PagesAPIViewSet.meta_fields + HTML_URLS
    # "locale" says which language title and html_url are in (Wagtail shows it only with
    # WAGTAIL_I18N_ENABLED, which this archive leaves off).
    listing_default_fields = PagesAPIViewSet.listing_default_fields + HTML_URLS + ["locale"]

    @classmethod
    def get_body_fields(cls, model):
        fields = super().get_body_fields(model)
        if issubclass(model, StoryPage):
            # Here, not in StoryPage.api_fields: stories may not know the recordings app.
            fields.append(APIField(RECORDINGS, serializer=RecordingsField()))
        return fields

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only)
        if db_fields_only:
            # Also the name of a story's reverse relation to its recordings: Wagtail would
            # take ?recordings=x as a filter on it (a server error for a word).
            fields = [name for name in fields if name != RECORDINGS]
        return fields

    @classmethod
    def get_detail_default_fields(cls, model):
        return cls.get_available_fields(model)

    def dispatch(self, request, *args, **kwargs):
        # Outside the /es/ prefix: the answer is in ?locale='s language, else English
        # (not whatever the client's Accept-Language says).
        language = request.GET.get("locale")
        with translation.override(language if language in CODES else CODES[0]):
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        language = request.GET.get("locale")
        if language is not None and language not in CODES:
            raise BadRequestError(
                _("“locale” must be one of: %(languages)s. Every record holds all of them.")
                % {"languages": ", ".join(CODES)}
            )

    def get_base_queryset(self):
        story_type = ContentType.objects.get_for_model(StoryPage)
        return (
            super()
            .get_base_queryset()
            .filter(~Q(content_type=story_type) | Q(pk__in=public_stories().values("pk")))
        )


class PublicImagesAPIViewSet(CheckedRequestsMixin, ImagesAPIViewSet):
    filter_backends = _word_search(ImagesAPIViewSet.filter_backends)
    meta_fields = _without_original(ImagesAPIViewSet.meta_fields)
    listing_default_fields = _without_original(ImagesAPIViewSet.listing_default_fields)
    nested_default_fields = _without_original(ImagesAPIViewSet.nested_default_fields)

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=public_images().values("pk"))


class PublicDocumentsAPIViewSet(CheckedRequestsMixin, DocumentsAPIViewSet):
    filter_backends = _word_search(DocumentsAPIViewSet.filter_backends)

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=public_documents().values("pk"))


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
