"""Light pages on a cheap phone: compressed responses and static files cached for a year.

- Every text response (HTML, JSON, CSV...) is compressed with Brotli or gzip when the client
  accepts it (Flask-Compress), so that `make run` and a plain gunicorn are as light as behind
  nginx.
- `url_for('static', filename=...)` adds the file's content hash (`?v=1a2b3c4d5e6f`). A request
  carrying the current hash is answered with `Cache-Control: public, max-age=31536000, immutable`:
  a repeat visit loads only the HTML. A new file has a new hash, hence a new URL. The URL without
  the hash still works, revalidated on every use.
- The stylesheets and scripts are compressed once, the first time they are asked for, and kept in
  memory (they are small and few); Bootstrap's build comes with its copy at Brotli's best level
  (`make css` writes static/css/bootstrap.min.css.br).
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

import brotli
from flask import Flask, Response, request
from flask_compress import Compress

#: A year: the longest lifetime caches honour; the URL changes whenever the content does.
IMMUTABLE = "public, max-age=31536000, immutable"
#: Files kept compressed in memory (text that the pages load); anything else is sent as it is.
PRECOMPRESSED_SUFFIXES = {".css", ".js", ".svg", ".txt", ".json"}
HASH_LENGTH = 12
#: Text that Flask-Compress compresses (not the icon: it holds PNG data already).
COMPRESSED_TYPES = [
    "text/html",
    "text/css",
    "text/plain",
    "text/csv",
    "text/xml",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/problem+json",
    "application/xml",
    "application/atom+xml",
    "image/svg+xml",
]
#: Brotli's level for text files compressed on first use (tens of milliseconds for Bootstrap).
QUICK_BROTLI_QUALITY = 5


@dataclass
class StaticFile:
    """One file of the static folder: its content hash and, once asked for, compressed copies."""

    path: Path
    mtime_ns: int
    digest: str
    encoded: dict[str, bytes] = field(default_factory=dict)


class StaticManifest:
    """Content hashes of the static folder, read when the application starts. In debug mode a
    changed file is hashed again when its URL is built, so that an edit shows without a restart."""

    def __init__(self, folder: str, watch: bool) -> None:
        self.folder = Path(folder)
        self.watch = watch
        self._lock = threading.Lock()
        self._files: dict[str, StaticFile] = {}
        for path in sorted(self.folder.rglob("*")):
            if path.is_file():
                self._files[path.relative_to(self.folder).as_posix()] = _read(path)

    def get(self, filename: str) -> StaticFile | None:
        entry = self._files.get(filename)
        if entry is not None and self.watch:
            try:
                if entry.path.stat().st_mtime_ns != entry.mtime_ns:
                    entry = self._files[filename] = _read(entry.path)
            except FileNotFoundError:
                return None
        return entry

    def encoded(self, entry: StaticFile, encoding: str) -> bytes:
        """The file compressed with `encoding` ("br" or "gzip"), made once: Brotli's best level
        takes seconds on a large file, so a build may leave it beside the file (`name.br`, used
        when it decompresses to the file's bytes); otherwise a quick level is used."""
        with self._lock:
            if encoding not in entry.encoded:
                data = entry.path.read_bytes()
                if encoding == "br":
                    entry.encoded[encoding] = _prebuilt_brotli(entry.path, data) or brotli.compress(
                        data, mode=brotli.MODE_TEXT, quality=QUICK_BROTLI_QUALITY
                    )
                else:
                    entry.encoded[encoding] = gzip.compress(data, compresslevel=6, mtime=0)
            return entry.encoded[encoding]


def _prebuilt_brotli(path: Path, data: bytes) -> bytes | None:
    prebuilt = path.with_name(path.name + ".br")
    try:
        compressed = prebuilt.read_bytes()
        return compressed if brotli.decompress(compressed) == data else None
    except (OSError, brotli.error):
        return None


def _read(path: Path) -> StaticFile:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
    return StaticFile(path=path, mtime_ns=path.stat().st_mtime_ns, digest=digest)


def install(app: Flask) -> None:
    """Compression and fingerprinted static URLs for `app`."""
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br", "gzip"])
    # Files sent from disk whose revalidation (If-None-Match with the encoded ETag) is a 304.
    app.config.setdefault("COMPRESS_STREAMING_ENDPOINT_CONDITIONAL", ["static", "main.favicon"])
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    Compress(app)
    manifest = StaticManifest(app.static_folder, watch=app.debug)
    app.extensions["portal_static_manifest"] = manifest

    @app.url_defaults
    def fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values:
            entry = manifest.get(values.get("filename", ""))
            if entry is not None:
                values["v"] = entry.digest

    # Registered after Flask-Compress, so it runs before it: a file sent precompressed here
    # carries its Content-Encoding, and Flask-Compress leaves it alone.
    @app.after_request
    def static_caching(response: Response) -> Response:
        if request.endpoint != "static":
            return response
        entry = manifest.get((request.view_args or {}).get("filename", ""))
        if entry is None:
            return response
        if request.args.get("v") == entry.digest:
            response.headers["Cache-Control"] = IMMUTABLE
        _send_precompressed(manifest, entry, response)
        return response


def _send_precompressed(manifest: StaticManifest, entry: StaticFile, response: Response) -> None:
    """Swap the file's body for its compressed copy when the client accepts one (not for a
    range request, a 304, or a file that is not text)."""
    if response.status_code != 200 or entry.path.suffix not in PRECOMPRESSED_SUFFIXES:
        return
    accepted = request.accept_encodings
    encoding = next((name for name in ("br", "gzip") if accepted[name] > 0), None)
    if encoding is None:
        response.vary.add("Accept-Encoding")
        return
    body = manifest.encoded(entry, encoding)
    if hasattr(response.response, "close"):
        response.response.close()  # the open file that send_file would have streamed
    response.direct_passthrough = False
    response.set_data(body)
    response.headers["Content-Encoding"] = encoding
    response.headers.pop("Accept-Ranges", None)  # ranges of the compressed body are not offered
    response.vary.add("Accept-Encoding")
    etag, weak = response.get_etag()
    if etag:
        response.set_etag(f"{etag}-{encoding}", weak=weak)
        response.make_conditional(request)  # a revalidation with that ETag is a 304
