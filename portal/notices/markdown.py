"""Notice bodies: Markdown rendered with markdown-it-py, then sanitised with nh3.

Two layers, so that a mistake in one is caught by the other: the renderer refuses raw HTML
(it is shown as text), accepts links only to http(s), mailto and this site, and shows an
image only when the portal itself serves it; nh3 then keeps only the tags and attributes a
notice needs, drops every other URL scheme (`javascript:`, `data:`) and every event
attribute, and marks links `rel="nofollow noopener"`.
"""

from __future__ import annotations

import hashlib
import html

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

#: Images are shown only from these paths of the portal itself (never from elsewhere).
LOCAL_IMAGE_PREFIXES = ("/static/", "/notices/attachments/", "/uploads/")
LINK_SCHEMES = ("http://", "https://", "mailto:")
TAGS = {
    "p", "br", "strong", "em", "del", "s", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "img",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
SUMMARY_LENGTH = 120


def is_local_image(src: str) -> bool:
    """Whether an image address is one the portal serves itself."""
    return src.startswith(LOCAL_IMAGE_PREFIXES) and "//" not in src and "\\" not in src


def _link_allowed(url: str) -> bool:
    """Links go to the web, to email, or to a page of this site (never `javascript:`)."""
    url = url.strip()
    if url.lower().startswith(LINK_SCHEMES):
        return True
    return url.startswith(("/", "#")) and not url.startswith(("//", "/\\"))


def _render_image(self, tokens, idx, options, env):
    """An image from this site, or only its description (alt text) for one from elsewhere."""
    token = tokens[idx]
    src = token.attrGet("src") or ""
    alt = self.renderInlineAsText(token.children or [], options, env)
    if not is_local_image(src):
        return html.escape(alt)
    return f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["table", "strikethrough"])
    md.validateLink = _link_allowed
    md.add_render_rule("image", _render_image)
    return md


_MD = _parser()


def _demote_headings(tokens) -> None:
    """The notice's title is the page's h1, so the body's headings start at h2."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if is_local_image(value) else None
    if tag == "a" and attribute == "href":
        return value if _link_allowed(value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style"},
    attributes=ATTRIBUTES,
    attribute_filter=_attribute_filter,
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow noopener",
    strip_comments=True,
)


def sanitise(fragment: str) -> str:
    """HTML reduced to what a notice may contain."""
    return _CLEANER.clean(fragment)


def render(body: str) -> Markup:
    """A notice's Markdown body as safe HTML."""
    tokens = _MD.parse(body or "")
    _demote_headings(tokens)
    return Markup(sanitise(_MD.renderer.render(tokens, _MD.options, {})))


def plain_text(body: str) -> str:
    """The body's text without any markup, on one line."""
    text = nh3.clean(str(render(body)), tags=set())
    return " ".join(html.unescape(text).split())


#: Summaries already made, by a digest of the body (not the body: it may be 20,000 characters).
_SUMMARIES: dict[tuple[bytes, int], str] = {}
_SUMMARIES_KEPT = 2048


def summary(body: str, length: int = SUMMARY_LENGTH) -> str:
    """The first words of the body, for the board's cards and the feed. Each body is parsed
    once per process: a board of 20 cards would otherwise parse and clean 20 bodies each time."""
    key = (hashlib.blake2b((body or "").encode(), digest_size=16).digest(), length)
    text = _SUMMARIES.get(key)
    if text is None:
        if len(_SUMMARIES) >= _SUMMARIES_KEPT:
            _SUMMARIES.clear()
        text = _SUMMARIES[key] = _summary(body, length)
    return text


def _summary(body: str, length: int) -> str:
    text = plain_text(body)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


_MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|<>~")


def escape_markdown(text: str) -> str:
    """Text from a record (a title, a name) shown literally inside a generated Markdown body."""
    return "".join(f"\\{c}" if c in _MARKDOWN_SPECIALS else c for c in " ".join(str(text).split()))
