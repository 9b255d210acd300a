#!/usr/bin/env bash
# Builds static/css/bootstrap.min.css from Bootstrap's Sass with only the parts the portal uses
# (assets/bootstrap.scss). Run by `make css`; the output is checked in, so that neither a server
# nor a developer who does not change the selection needs Node. Needs npm (Node 18+).
set -euo pipefail
cd "$(dirname "$0")/.."
BOOTSTRAP_VERSION=5.3.8  # the version Bootstrap-Flask 2.6.0 ships
SASS_VERSION=1.77.6
TOOLS=${CSS_TOOLS_DIR:-/tmp/portal-css-tools}
if [ ! -x "$TOOLS/node_modules/.bin/sass" ] || ! grep -q "\"version\": \"$BOOTSTRAP_VERSION\"" "$TOOLS/node_modules/bootstrap/package.json" 2>/dev/null; then
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --save-exact --no-audit --no-fund --loglevel=error \
    "bootstrap@$BOOTSTRAP_VERSION" "sass@$SASS_VERSION" >/dev/null
fi
"$TOOLS/node_modules/.bin/sass" --style=compressed --no-source-map --quiet-deps --quiet \
  --load-path="$TOOLS/node_modules/bootstrap/scss" assets/bootstrap.scss static/css/bootstrap.min.css
# Bootstrap's licence banner (MIT asks for it to stay with the code).
# Sass starts a compressed file holding non-ASCII text with a byte-order mark: put @charset first
# instead, then the banner.
{ printf '@charset "UTF-8";'; echo "/*! Bootstrap v$BOOTSTRAP_VERSION (https://getbootstrap.com/), a build of the parts in assets/bootstrap.scss. Copyright 2011-2025 The Bootstrap Authors. Licensed under MIT. */"; sed '1s/^\xEF\xBB\xBF//' static/css/bootstrap.min.css; } > static/css/bootstrap.min.css.tmp
mv static/css/bootstrap.min.css.tmp static/css/bootstrap.min.css
# Its Brotli copy at the best level (seconds of CPU, too slow to make on a visitor's request);
# portal.assets sends it when it matches the file.
.venv/bin/python -c 'import brotli, pathlib; p = pathlib.Path("static/css/bootstrap.min.css"); pathlib.Path(str(p) + ".br").write_bytes(brotli.compress(p.read_bytes(), mode=brotli.MODE_TEXT, quality=11))'
echo "static/css/bootstrap.min.css: $(wc -c < static/css/bootstrap.min.css) bytes, $(wc -c < static/css/bootstrap.min.css.br) with Brotli"
