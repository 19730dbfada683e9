"""Pictures that carry what phones and editing programs write into them (GPS, camera make
and model, owner, serial number, XMP, comments, PNG text chunks), and the check that a
stored file carries none of it."""

import io

from PIL import Image, PngImagePlugin

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
ORIENTATION = 0x0112
SECRET = "Narrator home, Arcatao"  # stands for anything identifying in the metadata
XMP = f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{SECRET}</x:xmpmeta>'.encode()
TRACES = (SECRET.encode(), b"PhoneMaker", b"PhoneModel 7", b"SERIAL-0042", b"xmpmeta")


def exif_with_gps(orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "PhoneModel 7"  # Model
    exif[0x013B] = SECRET  # Artist
    if orientation:
        exif[ORIENTATION] = orientation
    exif.get_ifd(EXIF_IFD)[0xA431] = "SERIAL-0042"  # BodySerialNumber
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (13.0, 41.0, 0.0)
    gps[3] = "W"
    gps[4] = (88.0, 57.0, 0.0)
    return exif


def jpeg_with_gps(size=(60, 40), orientation=None):
    picture = Image.new("RGB", size, "red")
    picture.paste((0, 0, 255), (0, 0, size[0] // 2, size[1] // 2))  # a blue top-left corner
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif_with_gps(orientation), comment=SECRET.encode(), xmp=XMP)
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the test file really carries the GPS tags
        assert check.getexif().get_ifd(GPS_IFD)[1] == "N"
        assert "xmp" in check.info and "comment" in check.info
    return data


def png_with_metadata():
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", SECRET)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    buffer = io.BytesIO()
    Image.new("RGBA", (30, 20), (0, 128, 0, 100)).save(
        buffer, "PNG", pnginfo=info, exif=exif_with_gps()
    )
    data = buffer.getvalue()
    assert b"eXIf" in data and b"tEXt" in data and b"iTXt" in data
    return data


def webp_with_metadata():
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "green").save(buffer, "WEBP", exif=exif_with_gps(), xmp=XMP)
    data = buffer.getvalue()
    assert b"EXIF" in data and b"XMP " in data
    return data


PICTURES = [(jpeg_with_gps, "jpg"), (png_with_metadata, "png"), (webp_with_metadata, "webp")]
PICTURE_IDS = ["jpeg", "png", "webp"]


def assert_no_metadata(data):
    for trace in TRACES:
        assert trace not in data, trace
    with Image.open(io.BytesIO(data)) as stored:
        exif = stored.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert len(exif) == 0
        assert "exif" not in stored.info and "xmp" not in stored.info
        assert "comment" not in stored.info
        assert "Location" not in stored.info and "XML:com.adobe.xmp" not in stored.info
