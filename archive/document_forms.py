"""The admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE), for single and multiple
uploads.

A document may be a picture (a scanned letter as a JPEG). The storage strips its
metadata whatever happens (archive/storage.py); doing it here first gives the editor a
clear message for a picture that cannot be stored, and makes the size and checksum that
Wagtail records those of the file actually stored.
"""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm

from archive.uploads import picture_for_storage


class ArchiveDocumentForm(BaseDocumentForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not isinstance(uploaded, UploadedFile):  # no new file
            return uploaded
        cleaned = picture_for_storage(uploaded, uploaded.name)
        if cleaned is None or cleaned is uploaded:
            return uploaded
        return ContentFile(cleaned.read(), name=uploaded.name)
