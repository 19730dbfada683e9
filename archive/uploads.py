"""Checking and cleaning uploaded photos.

No picture reaches storage with its metadata, whatever the way in: the archive's storage
(archive.storage) hands every file it is given to `picture_for_storage`, which recognises
JPEG, PNG and WebP pictures by their bytes and stores only their copy without metadata.
EXIF can hold GPS coordinates, camera serial numbers and owner names; XMP, IPTC and
JPEG/PNG comments can hold names and places too: for narrators at risk that is a leak.

Before that, the ways in check a new photo with `validate_image_file`, so that a person
gets a clear message: `ArchiveImage.clean`/`save` (admin, member submissions, scripts) and
the admin's document form. In Wagtail's admin, its own image field refuses bad files
first, with Wagtail's messages (translated into Spanish by Wagtail); `ArchiveImage.clean`
then runs the checks below, so the admin shows a form error instead of failing if
anything gets past Wagtail.
"""

import io
import os
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from archive.picture_bytes import HEAD_SIZE, holds_only_the_picture, picture_format

# Pillow's format name -> the format we save as and its file extension. MPO is how Pillow
# names the JPEGs many phones write (a JPEG followed by extra pictures): the first picture
# is kept, as a plain JPEG.
ACCEPTED_FORMATS = {
    "JPEG": ("JPEG", "jpg"),
    "MPO": ("JPEG", "jpg"),
    "PNG": ("PNG", "png"),
    "WEBP": ("WEBP", "webp"),
}

# Pillow refuses to open any image over twice its MAX_IMAGE_PIXELS (DecompressionBombError),
# from the header alone. Put that refusal at the archive's limit, so no code (Wagtail's
# admin field, which decodes the whole picture to measure it; renditions; this module)
# ever decodes a picture over the limit. Pillow's warning at half the limit is no alarm
# for us: the archive's own checks apply the limit.
if settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
    Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS // 2
    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

NOT_A_PHOTO = _("This file is not a photo we accept. Please upload a JPEG, PNG or WebP image.")


def validate_image_file(uploaded):
    """Refuse anything that is not a photo we can safely store, with a message for the user.

    Looks at the content, never the name: a PDF called photo.jpg is refused. Reads only the
    header, so a decompression bomb is measured without being decoded.
    """
    size = getattr(uploaded, "size", None)
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    max_size = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    if max_size is not None and size > max_size:
        raise ValidationError(
            _("This file is too big (%(size)s). The limit is %(limit)s."),
            code="too_big",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_size)},
        )
    pixels = _pixels_in(uploaded)
    max_pixels = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    if pixels is None:
        raise ValidationError(
            _("This image has too many pixels. The limit is %(limit)s million pixels."),
            code="too_many_pixels",
            params={"limit": _millions(max_pixels or 2 * Image.MAX_IMAGE_PIXELS)},
        )
    if max_pixels is not None and pixels > max_pixels:
        raise ValidationError(
            _(
                "This image has too many pixels (%(pixels)s million). "
                "The limit is %(limit)s million pixels."
            ),
            code="too_many_pixels",
            params={"pixels": _millions(pixels), "limit": _millions(max_pixels)},
        )


def _pixels_in(uploaded):
    """The number of pixels the file's header declares, or None when Pillow will not even
    open it because the picture would be too large to decode safely. Refuses, by content,
    anything that is not a JPEG, PNG or WebP image."""
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as image:
            image_format, pixels = image.format, image.width * image.height
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None
    except Exception as error:  # Pillow raises many types for non-images: all mean this.
        raise ValidationError(NOT_A_PHOTO, code="invalid_image") from error
    finally:
        uploaded.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(NOT_A_PHOTO, code="invalid_image")
    return pixels


def _millions(count):
    value = float(f"{count / 1_000_000:.3g}")
    return formats.number_format(int(value) if value.is_integer() else value)


def strip_metadata(uploaded, name):
    """A new file holding only the picture: no EXIF (GPS, camera, owner), XMP, comments or
    text chunks. Call `validate_image_file` first.

    The picture is turned upright according to its EXIF orientation first, because the
    orientation tag goes away with the rest. It keeps its format (JPEG, PNG or WebP), its
    transparency and its colour (ICC) profile, which describes colours, not people or
    places. The name's extension is made to match the format.
    """
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as original:
            save_as, extension = ACCEPTED_FORMATS.get(original.format, (None, None))
            if save_as is None:
                raise ValidationError(NOT_A_PHOTO, code="invalid_image")
            upright = ImageOps.exif_transpose(original)
            icc_profile = original.info.get("icc_profile")
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning) as error:
        # Truncated or corrupt: Pillow read the header but cannot decode the picture.
        raise ValidationError(NOT_A_PHOTO, code="invalid_image") from error
    finally:
        uploaded.seek(0)

    # A new image from the pixels alone: it starts with an empty `info`, so nothing that
    # Pillow read besides the pixels (EXIF, XMP, comments, text chunks) can be saved with it.
    clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    if upright.palette is not None:
        clean.putpalette(upright.getpalette(upright.palette.mode), upright.palette.mode)
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if "transparency" in upright.info:
        clean.info["transparency"] = upright.info["transparency"]

    if save_as == "JPEG":
        if clean.mode not in ("RGB", "L", "CMYK"):
            clean = clean.convert("RGB")
        options.update(quality=92, optimize=True)
    elif save_as == "WEBP":
        options.update(quality=90)
    output = io.BytesIO()
    clean.save(output, save_as, **options)
    return ContentFile(output.getvalue(), name=_named(name, extension))


def _named(name, extension):
    stem = os.path.splitext(os.path.basename(name))[0] or "photo"
    return f"{stem}.{extension}"


def picture_without_metadata(uploaded, name):
    """The picture in `uploaded` and nothing else, named `name` with its format's
    extension. Call `validate_image_file` first.

    A file that already holds only the picture (one this archive stored, a resized copy)
    keeps its bytes: every re-encoding of a JPEG loses a little of the picture. It must
    still decode, as strip_metadata's pictures must.
    """
    data = _read(uploaded)
    kind = picture_format(data[:HEAD_SIZE])
    if kind and holds_only_the_picture(data, kind):
        _refuse_unless_decodable(data)
        return ContentFile(data, name=_named(name, ACCEPTED_FORMATS[kind][1]))
    return strip_metadata(io.BytesIO(data), name)


def _refuse_unless_decodable(data):
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning) as error:
        raise ValidationError(NOT_A_PHOTO, code="invalid_image") from error


def picture_for_storage(content, name):
    """The archive storage's cleaner for pictures (settings.STORAGE_CLEANERS).

    None when `content` is not a JPEG, PNG or WebP picture by its first bytes (its name
    does not count): the storage keeps such a file as it is. Otherwise what may be stored:
    `content` itself when it holds only the picture, else its copy without metadata.
    Refuses, with `validate_image_file`'s messages, a picture it cannot check or clean:
    nothing is stored then.
    """
    content.seek(0)
    head = content.read(HEAD_SIZE)
    content.seek(0)
    kind = picture_format(head)
    if kind is None:
        return None
    validate_image_file(content)
    data = _read(content)
    if holds_only_the_picture(data, kind):
        return content
    return strip_metadata(io.BytesIO(data), name)


def _read(uploaded):
    uploaded.seek(0)
    try:
        return uploaded.read()
    finally:
        uploaded.seek(0)
