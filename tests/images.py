"""Files for upload tests, made with Pillow: photos with EXIF (GPS, device, orientation), PNGs
with text chunks, and images too large to decode."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE, MODEL = 0x010F, 0x0110
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>34,1.5N</exif:GPSLatitude></x:xmpmeta>'
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: the maker and model, the orientation and where it was taken."""
    exif = Image.Exif()
    exif[MAKE], exif[MODEL] = "SnoopPhone", "Model-X GPS-Leak"
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (34.0, 1.0, 30.0), 3: "E", 4: (113.0, 49.0, 12.0)}
    return exif


def picture(size=(400, 200), fmt="JPEG", **save) -> bytes:
    """An image whose left half is red and right half blue."""
    image = Image.new("RGB", size, "blue")
    image.paste("red", (0, 0, size[0] // 2, size[1]))
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def png(size=(40, 20), **save) -> bytes:
    return picture(size, "PNG", **save)


def phone_photo(orientation: int = 1, size=(400, 200)) -> bytes:
    """A JPEG carrying EXIF with GPS, the device, an orientation, and XMP with a position."""
    return picture(size, "JPEG", exif=exif_with_gps(orientation), xmp=XMP, comment=b"taken at home")


def bomb(size=(10_000, 10_000)) -> bytes:
    """A real PNG of a huge white bilevel image: a few kilobytes that decode to `size` pixels."""
    out = io.BytesIO()
    Image.new("1", size, 1).save(out, "PNG")
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that only claims its size (the pixels never come)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")
