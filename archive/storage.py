"""The archive's file storage: what it writes has been cleaned of metadata first.

Stripping is tied to storage, not to the ways in (admin forms, Wagtail's multiple upload
and its waiting files, documents, member submissions, scripts, resized copies): every file
any of them saves passes `CleaningStorageMixin._save`. Each cleaner named in
settings.STORAGE_CLEANERS is asked in turn; the first that recognises the file's kind (by
its content, never its name) says what to store. A file no cleaner recognises is stored
as it is.

A cleaner is a function `(content, name) -> File | None`: None when the file is not its
kind; the file to store otherwise (`content` itself when it is already clean); or it
raises ValidationError when the file is its kind but cannot be cleaned, and nothing is
stored. Pictures: archive.uploads.picture_for_storage. Another kind of file (recordings,
whose container metadata needs ffmpeg) joins by adding its cleaner to the setting.

`CleaningStorageMixin` goes before any Django storage class, so object storage in
production cleans the same way: `class CleaningS3Storage(CleaningStorageMixin, S3Storage)`.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.module_loading import import_string


def cleaned_for_storage(content, name):
    """What may be stored for `content`: the first answer of the configured cleaners, or
    `content` unchanged when none recognises it."""
    for path in settings.STORAGE_CLEANERS:
        cleaned = import_string(path)(content, name)
        if cleaned is not None:
            return cleaned
    return content


class CleaningStorageMixin:
    def _save(self, name, content):
        return super()._save(name, cleaned_for_storage(content, name))


class CleaningFileSystemStorage(CleaningStorageMixin, FileSystemStorage):
    """Local media (MEDIA_ROOT), cleaned before writing."""
