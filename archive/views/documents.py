"""/documents/<id>/<file name>: Wagtail's documents, behind an id check.

Wagtail's own pattern takes any run of digits as the id and hands it to the database,
so an id of thousands of digits was a server error. The same view answers here, for ids a
document could have; the before_serve_document hook (memoria/wagtail_hooks.py) still
decides who may download it.
"""

from django.http import Http404
from django.urls import re_path
from wagtail.documents import urls as wagtail_document_urls
from wagtail.documents.views.serve import serve as wagtail_serve

from archive.params import record_id


def serve(request, document_id, document_filename):
    if record_id(document_id) is None:
        raise Http404
    return wagtail_serve(request, document_id, document_filename)


urlpatterns = [
    # The name Wagtail reverses for every document link.
    re_path(r"^(\d+)/(.*)$", serve, name="wagtaildocs_serve"),
    *(p for p in wagtail_document_urls.urlpatterns if p.name != "wagtaildocs_serve"),
]
