"""What the printed notice needs: a QR code that leads to the notice's page."""

from __future__ import annotations

import segno
from markupsafe import Markup, escape


def qr_svg(url: str, label: str) -> Markup:
    """The QR code of `url` as inline SVG (allowed by the CSP), named `label` for screen
    readers."""
    svg = segno.make(url, error="m").svg_inline(
        scale=4, border=2, svgclass="notice-qr", lineclass=None, omitsize=True
    )
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))
