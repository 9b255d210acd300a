"""Notice bodies are Markdown made safe: no script, frame, event attribute, `javascript:` or
`data:` link, raw HTML or image from elsewhere ever reaches the page."""

from html.parser import HTMLParser

import pytest

from portal.notices.markdown import TAGS, escape_markdown, render, summary


class Elements(HTMLParser):
    """Every element and attribute of a fragment, as a browser would see them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def active_parts(html: str) -> list[str]:
    """What in the HTML could run code, load from elsewhere or is not allowed at all."""
    problems = []
    for tag, attributes in Elements(html).found:
        if tag not in TAGS:
            problems.append(f"tag {tag}")
        for name, value in attributes.items():
            value = (value or "").strip().lower()
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                problems.append(f"attribute {name}")
            if name == "href" and not value.startswith(("http://", "https://", "mailto:", "/", "#")):
                problems.append(f"href {value}")
            if name == "src" and not (value.startswith("/") and not value.startswith("//")):
                problems.append(f"src {value}")
    return problems


HOSTILE = {
    "script": "<script>alert(1)</script>",
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "javascript link": "[click](javascript:alert(1))",
    "javascript link, upper case": "[click](JAVASCRIPT:alert(1))",
    "javascript link, tab inside": "[click](java\tscript:alert(1))",
    "javascript link, entity": "[click](&#106;avascript:alert(1))",
    "data link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data image": "![x](data:image/png;base64,iVBORw0KGgo=)",
    "event attribute": '<a href="https://ok.example" onclick="alert(1)">x</a>',
    "image from elsewhere": "<img src=http://evil.example/x.png>",
    "markdown image from elsewhere": "![tracker](http://evil.example/x.png)",
    "protocol-relative image": "![tracker](//evil.example/x.png)",
    "nested link with javascript": "[outer [inner](javascript:alert(1))](https://ok.example)",
    "reference link with javascript": "[x][1]\n\n[1]: javascript:alert(1)",
    "raw html block": '<div onmouseover="alert(1)">\n\n**hi**\n\n</div>',
    "svg": '<svg onload="alert(1)"><circle r="1"/></svg>',
    "style": "<style>body{display:none}</style>",
    "autolink javascript": "<javascript:alert(1)>",
}


@pytest.mark.parametrize("source", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markup_never_survives(source):
    html = str(render(source))
    assert active_parts(html) == [], html
    assert 'evil.example/x.png"' not in html and 'href="javascript' not in html.lower()


def test_raw_html_is_shown_as_text():
    assert str(render("<b>bold?</b>")) == "<p>&lt;b&gt;bold?&lt;/b&gt;</p>\n"


def test_links_are_kept_with_nofollow_noopener():
    html = str(render("[物业公司](https://example.com/a?b=1) 和 [本站](/notices/3)"))
    assert '<a href="https://example.com/a?b=1" rel="nofollow noopener">物业公司</a>' in html
    assert '<a href="/notices/3" rel="nofollow noopener">本站</a>' in html


def test_images_served_by_the_portal_are_kept_others_become_their_description():
    html = str(render("![平面图](/static/plan.png) ![外站](https://cdn.example/x.png)"))
    assert '<img src="/static/plan.png" alt="平面图">' in html
    assert "cdn.example" not in html and "外站" in html


def test_formatting_headings_lists_and_tables():
    html = str(render("# 标题\n\n- 一\n- 二\n\n| 项目 | 金额 |\n|---|--:|\n| 物业费 | 50 |"))
    assert "<h2>标题</h2>" in html  # the page's title is the only h1
    assert "<li>一</li>" in html and "<td>物业费</td>" in html and "style=" not in html


def test_summary_is_plain_text_and_short():
    assert summary("# 通知\n\n物业费**每户每月** 50 元。") == "通知 物业费每户每月 50 元。"
    assert len(summary("很长" * 200)) == 120


def test_escaped_record_text_shows_literally():
    assert str(render(escape_markdown("[x](javascript:y) *a*"))) == "<p>[x](javascript:y) *a*</p>\n"


def test_the_sanitiser_alone_also_removes_what_markdown_would_have_escaped():
    from portal.notices.markdown import sanitise

    raw = (
        '<a href="javascript:x" onclick="y">a</a>'
        '<img src="http://evil.example/x.png" onerror="z"><iframe></iframe>'
    )
    assert active_parts(raw) != []  # the checker sees the danger in raw HTML
    assert active_parts(sanitise(raw)) == []


def test_a_body_is_summarised_once_and_a_changed_body_again(monkeypatch):
    from portal.notices import markdown

    parsed = []
    real = markdown.plain_text
    monkeypatch.setattr(markdown, "plain_text", lambda body: parsed.append(body) or real(body))
    body = "停水通知：明日**上午**九时至十二时。"
    assert markdown.summary(body) == markdown.summary(body) == "停水通知：明日上午九时至十二时。"
    assert markdown.summary(body + "请储水。") == "停水通知：明日上午九时至十二时。请储水。"
    assert markdown.summary(body, 5) == "停水通知…"
    assert len(parsed) == 3
