"""Where recordings live: a private directory outside MEDIA_ROOT (settings.RECORDINGS_ROOT).

No web server location points at it and it has no public address: `url()` refuses, so no
template or API can print one by mistake. Files reach a listener only through
recordings.views, which asks the visibility rule on every request. Pictures written here
(posters) still pass the archive's cleaners (archive.storage)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property

from archive.storage import CleaningStorageMixin


class PrivateRecordingStorage(CleaningStorageMixin, FileSystemStorage):
    @cached_property
    def base_location(self):
        return str(settings.RECORDINGS_ROOT)

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Recordings have no public address; recordings.views serves them.")


def private_storage():
    return PrivateRecordingStorage()
