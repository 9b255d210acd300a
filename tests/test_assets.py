"""Light pages (portal.assets): compressed responses, fingerprinted static URLs cached for a
year, the trimmed Bootstrap build and the menu script."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli

from portal.assets import IMMUTABLE, StaticManifest
from tests.conftest import login

STATIC = Path(__file__).resolve().parent.parent / "static"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _static_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def test_pages_are_compressed_with_brotli_or_gzip_as_the_client_accepts(client, world):
    plain = client.get("/auth/login").get_data()
    br = client.get("/auth/login", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert br.headers["Content-Encoding"] == "br" and "Accept-Encoding" in br.headers["Vary"]
    assert brotli.decompress(br.get_data()).split(b"csrf_token")[0] == plain.split(b"csrf_token")[0]
    assert int(br.headers["Content-Length"]) == len(br.get_data()) < len(plain) / 3
    gz = client.get("/auth/login", headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz.get_data()).startswith(b"<!doctype html>")
    identity = client.get("/auth/login", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in identity.headers and identity.get_data().startswith(b"<!doctype html>")


def test_json_is_compressed_and_redirects_and_head_stay_correct(client, world):
    api = client.get("/api/v1/openapi.json", headers={"Accept-Encoding": "br"})
    assert api.status_code == 200 and api.headers["Content-Encoding"] == "br"
    assert brotli.decompress(api.get_data()).startswith(b"{")
    redirect = client.get("/registration/", headers={"Accept-Encoding": "br"})
    assert redirect.status_code == 302 and "Content-Encoding" not in redirect.headers
    head = client.head("/auth/login", headers={"Accept-Encoding": "br"})
    assert head.status_code == 200 and head.get_data() == b""
    assert head.headers["Content-Encoding"] == "br"


def test_static_urls_carry_the_content_hash_and_are_cached_for_a_year(client, world):
    html = client.get("/").get_data(as_text=True)
    urls = _static_urls(html)
    assert any(url.startswith("/static/css/bootstrap.min.css?v=") for url in urls), urls
    assert all("?v=" in url for url in urls), urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == IMMUTABLE, url


def test_the_url_without_the_hash_still_works_and_is_revalidated(client, world):
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200 and "immutable" not in response.headers.get("Cache-Control", "")
    again = client.get("/static/css/portal.css", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    stale = client.get("/static/css/portal.css?v=000000000000")
    assert stale.status_code == 200 and "immutable" not in stale.headers.get("Cache-Control", "")


def test_a_signed_in_visitor_also_caches_static_files(client, world):
    login(client, world.resident)
    url = next(u for u in _static_urls(client.get("/").get_data(as_text=True)) if "portal.css" in u)
    response = client.get(url)
    assert response.headers["Cache-Control"] == IMMUTABLE


def test_stylesheets_are_sent_precompressed_and_revalidate_per_encoding(client, world):
    original = (STATIC / "css/bootstrap.min.css").read_bytes()
    br = client.get("/static/css/bootstrap.min.css", headers={"Accept-Encoding": "gzip, br"})
    assert br.headers["Content-Encoding"] == "br" and "Accept-Ranges" not in br.headers
    assert brotli.decompress(br.get_data()) == original
    assert br.get_data() == (STATIC / "css/bootstrap.min.css.br").read_bytes()  # the build's best level
    assert "Accept-Encoding" in br.headers["Vary"]
    gz = client.get("/static/css/bootstrap.min.css", headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip" and gzip.decompress(gz.get_data()) == original
    assert gz.headers["ETag"] != br.headers["ETag"]
    revalidation = {"Accept-Encoding": "br", "If-None-Match": br.headers["ETag"]}
    same = client.get("/static/css/bootstrap.min.css", headers=revalidation)
    assert same.status_code == 304
    plain = client.get("/static/css/bootstrap.min.css")
    assert "Content-Encoding" not in plain.headers and plain.get_data() == original


def test_a_prebuilt_brotli_copy_is_used_only_while_it_matches_the_file(tmp_path):
    (tmp_path / "site.css").write_text("body { color: #123456; }\n" * 100)
    (tmp_path / "site.css.br").write_bytes(brotli.compress(b"an older version"))
    manifest = StaticManifest(str(tmp_path), watch=True)
    entry = manifest.get("site.css")
    assert brotli.decompress(manifest.encoded(entry, "br")) == (tmp_path / "site.css").read_bytes()
    prebuilt = brotli.compress((tmp_path / "site.css").read_bytes(), quality=11)
    (tmp_path / "site.css.br").write_bytes(prebuilt)
    fresh = StaticManifest(str(tmp_path), watch=False)
    assert fresh.encoded(fresh.get("site.css"), "br") == prebuilt
    assert manifest.get("missing.css") is None


def test_a_range_request_gets_the_uncompressed_bytes(client, world):
    response = client.get("/static/js/portal.js", headers={"Accept-Encoding": "br", "Range": "bytes=0-9"})
    assert response.status_code == 206 and "Content-Encoding" not in response.headers
    assert response.get_data() == (STATIC / "js/portal.js").read_bytes()[:10]


def test_pages_load_no_bootstrap_javascript_only_the_portal_script(client, world):
    html = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"?]+)', html)
    assert scripts == ["/static/js/portal.js"] and "/bootstrap/static/" not in html
    assert len((STATIC / "js/portal.js").read_bytes()) < 2_000  # the menu button is one listener
    assert 'data-bs-toggle="collapse" data-bs-target="#main-nav"' in html


def _used_classes() -> set[str]:
    """Class names written literally in the templates (Jinja expressions left out) and in
    Python (the status styles given to templates)."""
    names = set()
    for template in TEMPLATES.rglob("*.html"):
        for value in re.findall(r'class="([^"]*)"', template.read_text()):
            value = re.sub(r"{{.*?}}|{%.*?%}", " ", value)
            names.update(n for n in value.split() if re.fullmatch(r"[a-z][a-z0-9-]*", n))
    style = re.compile(r'"((?:text-bg|bg|text|btn|alert|badge|border)-[a-z-]+)"')
    for module in (STATIC.parent / "portal").rglob("*.py"):
        names.update(style.findall(module.read_text()))
    return names


def test_the_css_defines_every_bootstrap_class_the_templates_use():
    css = "".join(
        (STATIC / "css" / name).read_text(encoding="utf-8")
        for name in ("bootstrap.min.css", "portal.css", "notices.css")
    )
    defined = set(re.findall(r"\.([a-z][a-z0-9-]*)", css))
    bootstrap_like = re.compile(
        r"(btn|card|table|form|badge|alert|nav|list-group|page|col|row|d|m[tbsexy]?|p[tbsexy]?|text|bg"
        r"|border|rounded|fw|fs|gap|align|justify|flex|w|h|visually|breadcrumb|link|g)-[a-z0-9-]*[a-z0-9]"
    )
    hooks = {"nav-switches"}  # found by scripts and tests, styled by nothing
    missing = {name for name in _used_classes() - defined - hooks if bootstrap_like.fullmatch(name)}
    assert not missing
    # The component groups kept for the capabilities being built, whether used today or not.
    kept = (
        "card table-striped form-control form-select badge alert-warning nav-pills list-group-item pagination"
        " page-link btn-outline-danger row-cols-md-2 col-md-6 text-bg-warning navbar-toggler breadcrumb"
        " visually-hidden-focusable collapse input-group btn-group"
    )
    assert not set(kept.split()) - defined


def test_the_favicon_is_sent_as_it_is_and_revalidates(client):
    icon = client.get("/favicon.ico", headers={"Accept-Encoding": "gzip, br"})
    assert icon.status_code == 200 and "Content-Encoding" not in icon.headers
    assert icon.get_data() == (STATIC / "favicon.ico").read_bytes()
    revalidation = {"Accept-Encoding": "br", "If-None-Match": icon.headers["ETag"]}
    again = client.get("/favicon.ico", headers=revalidation)
    assert again.status_code == 304
