"""Wagtail API v2 at /api/v2/ (pages, images, documents), public records only.

Each endpoint narrows Wagtail's own queryset with archive.visibility: pages lose every
story a visitor may not read, images are only the public ones and expose renditions, never
the original file, and documents are only those a public story links to (consent forms
never are).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from archive.visibility import public_documents, public_images, public_stories


def _without_original(fields):
    return [name for name in fields if name != "download_url"]


class PublicPagesAPIViewSet(PagesAPIViewSet):
    def get_base_queryset(self):
        from stories.models import StoryPage

        story_type = ContentType.objects.get_for_model(StoryPage)
        return (
            super()
            .get_base_queryset()
            .filter(~Q(content_type=story_type) | Q(pk__in=public_stories().values("pk")))
        )


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    meta_fields = _without_original(ImagesAPIViewSet.meta_fields)
    listing_default_fields = _without_original(ImagesAPIViewSet.listing_default_fields)
    nested_default_fields = _without_original(ImagesAPIViewSet.nested_default_fields)

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=public_images().values("pk"))


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().filter(pk__in=public_documents().values("pk"))


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
