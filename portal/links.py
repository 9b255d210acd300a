"""Links that must stay inside the portal (a "taken up" link, the page of a fee decision): one
check, used by every form and service that stores such a link."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

MAX_LENGTH = 300


def is_portal_path(link: str, max_length: int = MAX_LENGTH) -> bool:
    """A path like /assembly/items/3, never an address elsewhere: it starts with one "/" (not
    "//" nor "/\\", which browsers read as another host), has no backslash, no whitespace and no
    control or invisible character (browsers drop tabs and newlines: "/\\t/evil.example" is
    "//evil.example"), no scheme or host, and at most `max_length` characters."""
    if not link or len(link) > max_length or not link.startswith("/"):
        return False
    if link.startswith(("//", "/\\")) or "\\" in link:
        return False
    if any(ch.isspace() or unicodedata.category(ch).startswith(("C", "Z")) for ch in link):
        return False
    parts = urlsplit(link)
    return not parts.scheme and not parts.netloc
