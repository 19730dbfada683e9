"""Checking and cleaning uploaded photos.

Every way a photo enters the archive (Wagtail's admin, the member submission form, imports)
ends in `ArchiveImage.save`, which calls `strip_metadata` on a new file. EXIF can hold GPS
coordinates, camera serial numbers and owner names: for narrators at risk that is a leak.
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

# Pillow formats we accept, and how to save each back without metadata.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def validate_image_file(uploaded):
    """Refuse anything that is not a photo we can safely store, with a message for the user.

    Wagtail's own image field runs the same kind of checks in the admin; this function is for
    the other entry points, so they give the same answers.
    """
    size = getattr(uploaded, "size", None)
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("This file is too big (%(size)s MB). The limit is %(limit)s MB."),
            code="file_too_large",
            params={
                "size": round(size / 1024 / 1024, 1),
                "limit": round(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE / 1024 / 1024),
            },
        )
    image_format, width, height = _read_header(uploaded)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("This file is not a photo we accept. Please upload a JPEG, PNG or WebP image."),
            code="invalid_image",
        )
    if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("This image is too large (%(pixels)s megapixels). The limit is %(limit)s."),
            code="too_many_pixels",
            params={
                "pixels": round(width * height / 1_000_000),
                "limit": round(settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS / 1_000_000),
            },
        )


def _read_header(uploaded):
    """Format and size from the file's content, never its name. Reads only the header, so a
    decompression bomb is measured without being decoded."""
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as image:
            return image.format, image.width, image.height
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "BOMB", 10**6, 10**6
    except Exception:  # Pillow raises many types for non-images; all mean "not a photo".
        return None, 0, 0
    finally:
        uploaded.seek(0)


def strip_metadata(uploaded, name):
    """Return a copy of the image with EXIF, GPS, XMP, ICC comments and text chunks removed.

    The picture is rotated according to its EXIF orientation first, because the orientation
    tag goes away with the rest.
    """
    uploaded.seek(0)
    with Image.open(uploaded) as image:
        image_format = image.format
        if image_format not in ACCEPTED_FORMATS:
            raise ValidationError(_("This file is not a photo we accept."), code="invalid_image")
        image.load()
        cleaned = ImageOps.exif_transpose(image)
        icc_profile = image.info.get("icc_profile")
    # Rebuild from raw pixels so no ancillary data (info dict, exif, xmp) can travel along.
    pixels = Image.new(cleaned.mode, cleaned.size)
    pixels.putdata(list(cleaned.getdata())) if cleaned.mode == "P" else pixels.paste(cleaned)
    if cleaned.mode == "P" and cleaned.getpalette():
        pixels.putpalette(cleaned.getpalette())
    output = io.BytesIO()
    options = {}
    if icc_profile:
        options["icc_profile"] = icc_profile  # colour profile only; it identifies no one
    if image_format == "JPEG":
        if pixels.mode not in ("RGB", "L", "CMYK"):
            pixels = pixels.convert("RGB")
        pixels.save(output, "JPEG", quality=92, optimize=True, **options)
    elif image_format == "PNG":
        pixels.save(output, "PNG", optimize=True, **options)
    else:
        pixels.save(output, "WEBP", quality=90, **options)
    uploaded.seek(0)
    return ContentFile(output.getvalue(), name=name)
