#!/usr/bin/env bash
# Bytes on a phone: Lighthouse 12 (mobile, simulated slow 4G) on the home page, the sign-in page,
# a compound page, a meeting page and a notice, first visit (empty cache). Prints each page's
# performance, accessibility, best-practices and SEO scores, first contentful paint and the bytes
# transferred. Targets (issue 15): at most 60 KiB; performance >= 0.98, accessibility 1.00,
# best practices 1.00, SEO >= 0.95.
#
#   bench/frontend.sh              serves the demo data itself, as `make run` does (a fresh SQLite
#                                  file, the Flask server), on a free port
#   bench/frontend.sh URL          measures a server already running at URL (with the demo data)
#
# Needs npm (Lighthouse 12.2.3 is installed under $LIGHTHOUSE_DIR, /tmp/portal-lighthouse by
# default, never into the repository) and Chromium at $CHROME_PATH (/usr/bin/chromium).
# Each report stays in bench/out/lighthouse/ (JSON) for a closer look.
set -euo pipefail
cd "$(dirname "$0")/.."
LIGHTHOUSE_VERSION=12.2.3
LIGHTHOUSE_DIR=${LIGHTHOUSE_DIR:-/tmp/portal-lighthouse}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
OUT=bench/out/lighthouse
PY=.venv/bin/python
mkdir -p "$OUT"

LIGHTHOUSE="$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse"
if ! "$LIGHTHOUSE" --version 2>/dev/null | grep -qx "$LIGHTHOUSE_VERSION"; then
  echo "Installing Lighthouse $LIGHTHOUSE_VERSION into $LIGHTHOUSE_DIR ..." >&2
  mkdir -p "$LIGHTHOUSE_DIR"
  npm install --prefix "$LIGHTHOUSE_DIR" --save-exact --no-audit --no-fund --loglevel=error \
    "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null
fi

SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  if [ -n "${WORK:-}" ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

if [ $# -ge 1 ]; then
  BASE=${1%/}
else
  # As `make run`: debug mode, the demo data, the Flask server (here on a fresh database).
  WORK=$(mktemp -d)
  PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  export FLASK_DEBUG=1 DATABASE_URL="sqlite:///$WORK/portal.sqlite3"
  .venv/bin/pybabel compile --use-fuzzy -d portal/translations >/dev/null 2>&1
  .venv/bin/flask --app wsgi db upgrade >/dev/null 2>&1
  .venv/bin/flask --app wsgi demo --if-empty >/dev/null
  .venv/bin/flask --app wsgi run --host 127.0.0.1 --port "$PORT" --no-reload >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  BASE="http://127.0.0.1:$PORT"
  for _ in $(seq 50); do curl -fs -o /dev/null "$BASE/favicon.ico" && break; sleep 0.2; done
fi

# The pages, found by following links as a visitor would, so that any server with the demo data
# will do. The meeting page is for the compound's owners: it is measured signed in as the demo
# owner (portal/demo.py), with that session's cookie.
mapfile -t PAGES < <(BASE="$BASE" $PY - <<'EOF'
import http.cookiejar, os, re, urllib.error, urllib.parse, urllib.request

base = os.environ["BASE"]
jar = http.cookiejar.CookieJar()
browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

def links(path, pattern):
    return re.findall(pattern, browser.open(base + path).read().decode())

def meetings(compound):
    try:
        return links("/assembly/compounds/" + compound.rsplit("/", 1)[1], r'href="(/assembly/meetings/\d+)"')
    except urllib.error.HTTPError:
        return []

token = links("/auth/login", r'name="csrf_token" type="hidden" value="([^"]+)"')[0]
form = {"csrf_token": token, "phone": "13900000005", "password": "Demo2026pass"}
browser.open(base + "/auth/login", urllib.parse.urlencode(form).encode())
# The demo owner's compound (文宴雅居): a meeting, and notices on its page.
compound = next(c for c in links("/", r'href="(/places/compounds/\d+)"') if meetings(c))
meeting = meetings(compound)[0]
notice = links(compound, r'href="(/notices/\d+)"')[0]
cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
for name, path, who in (("home", "/", "-"), ("sign-in", "/auth/login", "-"), ("compound", compound, "-"),
                        ("meeting", meeting, cookie), ("notice", notice, "-")):
    print(name, path, who)
EOF
)

printf '%-10s %-28s %6s %6s %6s %6s %8s %8s %10s\n' page path perf a11y bp seo FCP LCP transferred
for line in "${PAGES[@]}"; do
  read -r name path cookie <<<"$line"
  report="$OUT/$name.json"
  headers=()
  if [ "$cookie" != "-" ]; then headers=(--extra-headers "{\"Cookie\": \"$cookie\"}"); fi
  "$LIGHTHOUSE" "$BASE$path" "${headers[@]}" --quiet --output=json --output-path="$report" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox" >/dev/null 2>"$OUT/$name.log" || {
      echo "$name: Lighthouse failed, see $OUT/$name.log" >&2; continue; }
  NAME=$name URLPATH=$path REPORT=$report $PY - <<'EOF'
import json, os

report = json.load(open(os.environ["REPORT"]))
score = {key: report["categories"][key]["score"] for key in ("performance", "accessibility", "best-practices", "seo")}
audits = report["audits"]
failed = [key for cat in ("accessibility", "best-practices", "seo")
          for ref in report["categories"][cat]["auditRefs"]
          if ref["weight"] and (audits[ref["id"]]["score"] or 0) < 1 and audits[ref["id"]]["scoreDisplayMode"] == "binary"
          for key in [ref["id"]]]
print(f'{os.environ["NAME"]:<10} {os.environ["URLPATH"]:<28} '
      + " ".join(f"{score[k]:>6.2f}" for k in score)
      + f' {audits["first-contentful-paint"]["numericValue"] / 1000:>7.2f}s'
      + f' {audits["largest-contentful-paint"]["numericValue"] / 1000:>7.2f}s'
      + f' {audits["total-byte-weight"]["numericValue"] / 1024:>7.1f} KiB'
      + (f'   failing: {", ".join(failed)}' if failed else ""))
EOF
done
echo "Targets: perf >= 0.98, a11y 1.00, bp 1.00, SEO >= 0.95, at most 60 KiB transferred (first visit)."
