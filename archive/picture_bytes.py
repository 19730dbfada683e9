"""What a picture file holds, read from its bytes alone (no decoding).

`picture_format` names a JPEG, PNG or WebP file by its first bytes, never by its name.
`holds_only_the_picture` says whether the file carries nothing but the picture: no EXIF
(GPS, camera, owner), XMP, IPTC, maker notes, comments or text chunks, and nothing after
the picture's end. Such a file can be stored and passed on bit for bit; any other one is
re-encoded by archive.uploads.strip_metadata. Kept strict: anything not known to describe
the picture itself counts as metadata.
"""

import struct

PICTURE_FORMATS = ("JPEG", "PNG", "WEBP")
HEAD_SIZE = 12  # enough bytes for picture_format


def picture_format(head):
    """ "JPEG", "PNG" or "WEBP" when these first bytes start such a file, else None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def holds_only_the_picture(data, picture_format):
    is_bare = {"JPEG": _jpeg_is_bare, "PNG": _png_is_bare, "WEBP": _webp_is_bare}
    try:
        return is_bare[picture_format](data)
    except (IndexError, ValueError, struct.error):  # truncated: not provably clean
        return False


# JPEG segments that describe the picture itself; APP0 (JFIF without a thumbnail, which
# could show the picture before it was cropped), APP2 (ICC colour profile) and APP14
# (Adobe colour transform) only with those signatures. No EXIF, XMP, IPTC or comments, and
# nothing after the end-of-image marker (phones append more pictures there).
_JPEG_PICTURE_MARKERS = set(range(0xC0, 0xD0)) | {0xDB, 0xDD, 0xDA}
_JPEG_APP_SIGNATURES = {0xE0: b"JFIF\0", 0xE2: b"ICC_PROFILE\0", 0xEE: b"Adobe"}
_JFIF_WITHOUT_THUMBNAIL = 16  # segment length: thumbnail width and height both 0


def _jpeg_is_bare(data):
    if not data.startswith(b"\xff\xd8"):
        return False
    position = 2
    while position < len(data):
        if data[position] != 0xFF:
            return False
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:  # end of image: must also be the end of the file
            return position + 2 == len(data)
        length = struct.unpack(">H", data[position + 2 : position + 4])[0]
        if not _jpeg_segment_describes_picture(data, marker, length, position + 4):
            return False
        position += 2 + length
        if marker == 0xDA:
            position = _end_of_scan(data, position)
    return False


def _jpeg_segment_describes_picture(data, marker, length, start):
    if marker in _JPEG_PICTURE_MARKERS:
        return True
    signature = _JPEG_APP_SIGNATURES.get(marker)
    if signature is None or not data.startswith(signature, start):
        return False
    return marker != 0xE0 or length == _JFIF_WITHOUT_THUMBNAIL


def _end_of_scan(data, position):
    """Skip compressed picture data: it ends at the first marker that is not a stuffed
    0xFF00 or a restart marker."""
    while True:
        position = data.index(b"\xff", position)
        following = data[position + 1]
        if following != 0x00 and not 0xD0 <= following <= 0xD7:
            return position
        position += 2


_PNG_PICTURE_CHUNKS = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"iCCP", b"gAMA", b"cHRM", b"sRGB",
    b"pHYs", b"sBIT", b"bKGD",
}  # fmt: skip


def _png_is_bare(data):
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return False
    position = 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        if kind not in _PNG_PICTURE_CHUNKS:
            return False
        position += 12 + length
        if kind == b"IEND":
            return position == len(data)
    return False


_WEBP_PICTURE_CHUNKS = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ICCP", b"ANIM", b"ANMF"}


def _webp_is_bare(data):
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return False
    end = 8 + struct.unpack("<I", data[4:8])[0]
    if end != len(data):
        return False
    position = 12
    while position < end:
        kind, length = struct.unpack("<4sI", data[position : position + 8])
        if kind not in _WEBP_PICTURE_CHUNKS:
            return False
        position += 8 + length + (length % 2)
    return position == end
