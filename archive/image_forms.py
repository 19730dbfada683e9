"""The admin's photo upload form (WAGTAILIMAGES_IMAGE_FORM_BASE).

Wagtail's image field decodes the picture to measure it; a file with a valid header and
broken data makes Pillow raise OSError there, which would be a server error. This field
turns that into the same message every other unusable file gets.
"""

from django.core.exceptions import ValidationError
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from archive.uploads import NOT_A_PHOTO


class ArchiveImageField(WagtailImageField):
    def to_python(self, data):
        try:
            return super().to_python(data)
        except OSError as error:
            raise ValidationError(NOT_A_PHOTO, code="invalid_image") from error


class ArchiveImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail builds the file field per form from current settings (size, pixel and
        # format limits); keep that field and only give it the safer to_python.
        if isinstance(self.fields.get("file"), WagtailImageField):
            self.fields["file"].__class__ = ArchiveImageField
