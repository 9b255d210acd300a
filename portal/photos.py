"""Photos made safe to show to other users (used by `portal.uploads`): decoded with Pillow and
encoded again, so that EXIF (GPS position, device), XMP, text chunks and comments never leave
the sender; turned upright first, scaled down, and refused when they would decode to too many
pixels (decompression bombs)."""

from __future__ import annotations

import io
import logging
import warnings

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps

from portal.errors import DomainError

log = logging.getLogger(__name__)

#: Photos are scaled down to at most this many pixels on their longer side.
MAX_SIDE = 2048
#: Photos with more pixels than this are refused before they are decoded (a 48-megapixel phone
#: photo passes); Pillow's own decompression-bomb limit (`Image.MAX_IMAGE_PIXELS`) applies too.
MAX_PIXELS = 50_000_000
JPEG_QUALITY = 85
#: Colour profiles are kept only for images decoded in these modes (an RGB profile).
RGB_MODES = {"RGB", "RGBA", "P"}


class UnreadableImage(Exception):
    """Pillow cannot decode the file as the kind of image its first bytes announce."""


def reencoded(data: bytes, pillow_format: str) -> tuple[bytes, str]:
    """The photo as it is stored, and its type: turned upright by its EXIF orientation, scaled
    down to at most MAX_SIDE pixels on the longer side, saved with nothing but its pixels and
    colour profile. PNG stays PNG; JPEG and WebP become JPEG (quality 85). Refused with a
    DomainError when it has more pixels than MAX_PIXELS or Pillow's limit; UnreadableImage when
    Pillow cannot decode it as `pillow_format` ("PNG", "JPEG", "WEBP")."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[pillow_format]) as image:
                if image.width * image.height > min(MAX_PIXELS, Image.MAX_IMAGE_PIXELS or MAX_PIXELS):
                    raise DomainError(_too_many_pixels())
                image.draft(None, (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a smaller scale
                icc_profile = image.info.get("icc_profile") if image.mode in RGB_MODES else None
                picture = _upright(_plain_mode(image))
                picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
                return _encoded(picture, as_png=pillow_format == "PNG", icc_profile=icc_profile)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise DomainError(_too_many_pixels()) from error
    except DomainError:
        raise
    except Exception as error:  # Pillow reports damaged files with many kinds of error
        log.info("Refused an image Pillow cannot decode: %s", error)
        raise UnreadableImage(str(error)) from error


def _too_many_pixels():
    return _l("The image has too many pixels (at most %(n)d million).", n=MAX_PIXELS // 1_000_000)


def _plain_mode(image: Image.Image) -> Image.Image:
    """The decoded image in a mode that scales and saves well (palettes and transparency
    become RGBA, bilevel becomes greyscale, CMYK and others become RGB)."""
    if image.mode == "P" or "transparency" in image.info:
        return image.convert("RGBA")
    if image.mode == "1":
        return image.convert("L")
    if image.mode in {"L", "LA", "RGB", "RGBA", "I", "I;16", "F"}:
        image.load()
        return image
    return image.convert("RGB")


def _upright(image: Image.Image) -> Image.Image:
    """The photo turned as its EXIF orientation says (a photo with unreadable EXIF is kept
    as it is)."""
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # damaged EXIF: the pixels are still good
        log.info("Ignored an unreadable EXIF orientation")
        return image.copy()


def _encoded(picture: Image.Image, *, as_png: bool, icc_profile: bytes | None) -> tuple[bytes, str]:
    """The picture saved with nothing but its pixels and colour profile."""
    picture.info = {}  # no EXIF, XMP, text chunks or comments carried over
    out = io.BytesIO()
    if as_png:
        picture.save(out, "PNG", icc_profile=icc_profile)
        return out.getvalue(), "image/png"
    if picture.mode not in {"RGB", "L"}:
        picture = _on_white(picture)
    picture.save(out, "JPEG", quality=JPEG_QUALITY, icc_profile=icc_profile)
    return out.getvalue(), "image/jpeg"


def _on_white(picture: Image.Image) -> Image.Image:
    """A picture with transparency laid on white (JPEG has no transparency)."""
    rgba = picture.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background
