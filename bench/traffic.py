"""How bench/run.py drives a page: the requests of each page (one person after another), the
wrk script that sends them, gunicorn serving an app on loopback, and wrk's figures."""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.fixture import Identity  # noqa: E402
from bench.pages import COMMITTEE_PHONE, MAX_REQUESTS, PASSWORD, Page  # noqa: E402


def requests_of(page: Page, fixture: dict, people: dict[str, list[Identity]], login: dict) -> list[tuple]:
    """The requests wrk sends for `page`, in turn: (method, path, headers, body)."""
    lists = {key: value for key, value in fixture.items() if isinstance(value, list) and key != "items"}
    used = [key for key in lists if "{" + key + "}" in page.path]
    combinations = 1
    for key in used:
        combinations *= len(lists[key])
    who = people.get(page.who, [None])
    count = min(MAX_REQUESTS, combinations * len(who)) if page.method == "POST" else 1
    requests = []
    for k in range(count):
        values = dict(fixture)
        for key in used:
            values[key] = lists[key][k % len(lists[key])]
        person = who[(k // combinations) % len(who)]
        requests.append(request_for(page, page.path.format(**values), person, fixture, login))
    return requests


def request_for(page: Page, path: str, person: Identity | None, fixture: dict, login: dict) -> tuple:
    headers = {}
    if page.kind == "login":
        body = urllib.parse.urlencode(
            {"csrf_token": login["csrf"], "phone": COMMITTEE_PHONE, "password": PASSWORD}
        )
        headers = {"Cookie": login["cookie"], "Content-Type": "application/x-www-form-urlencoded"}
        return ("POST", path, headers, body)
    if person is None:
        return (page.method, path, headers, "")
    if page.who == "api-owners":
        headers = {"Authorization": f"Bearer {person.bearer}", "Content-Type": "application/json"}
        body = json.dumps({"choices": {str(item): "agree" for item in fixture["items"]}})
        return (page.method, path, headers, body)
    headers = {"Cookie": person.cookie}
    if page.method == "GET":
        return ("GET", path, headers, "")
    fields = {"csrf_token": person.csrf}
    if page.form.get("vote") == "all":
        fields |= {f"item_{item}": "agree" for item in fixture["items"]}
    else:
        fields |= {name: _filled(value, fixture) for name, value in page.form.items()}
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return ("POST", path, headers, urllib.parse.urlencode(fields, doseq=True))


def _filled(value: str, fixture: dict):
    """A form value from the fixture: "{compound}" is its id, "{candidates}" (a list) every
    element as a repeated field."""
    name = value[1:-1] if value.startswith("{") and value.endswith("}") else None
    if name in fixture:
        return [str(v) for v in fixture[name]] if isinstance(fixture[name], list) else str(fixture[name])
    return value


def anchor_requests(kind: str, fixture: dict, people: dict[str, list[Identity]]) -> list[tuple]:
    """The write anchor's requests (each by another owner, like the vote POST) or the read
    anchor's (as the committee member, like the verification queue)."""
    if kind == "read":
        person = people["committee"][0]
        return [("GET", "/queue", {"Cookie": person.anchor_cookie}, "")]
    return [
        (
            "POST",
            "/vote",
            {"Cookie": person.anchor_cookie, "Content-Type": "application/x-www-form-urlencoded"},
            urllib.parse.urlencode({"csrf_token": person.anchor_csrf, "choice": "agree"}),
        )
        for person in people["owners"]
    ]


def lua_script(folder: Path, name: str, requests: list[tuple]) -> str:
    """A wrk script that sends `requests` in turn (the two wrk threads take every other one)."""

    def quoted(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    rows = []
    for method, path, headers, body in requests:
        header_table = ", ".join(f"[{quoted(k)}] = {quoted(v)}" for k, v in headers.items())
        rows.append(f"  {{{quoted(method)}, {quoted(path)}, {{{header_table}}}, {quoted(body)}}},")
    path = folder / (re.sub(r"\W+", "_", name) + ".lua")
    path.write_text(
        "local requests = {\n" + "\n".join(rows) + "\n}\n"
        "local threads = 0\n"
        "function setup(thread) thread:set('first', threads); threads = threads + 1 end\n"
        "function init(args) k = first end\n"
        "function request()\n"
        "  local r = requests[(k % #requests) + 1]\n"
        "  k = k + 2\n"
        "  if r[4] == '' then return wrk.format(r[1], r[2], r[3]) end\n"
        "  return wrk.format(r[1], r[2], r[3], r[4])\n"
        "end\n"
    )
    return str(path)


def check(base: str, request: tuple) -> int:
    """Send one request (not following redirects) and return its status."""
    method, path, headers, body = request
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=30)
    connection.request(method, path, body=body or None, headers=headers)
    status = connection.getresponse().status
    connection.close()
    return status


def wrk(url: str, seconds: int, connections: int, script: str | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.M))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rate": rate,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": int(non_2xx[1]) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(app_path: str, env: dict) -> tuple[subprocess.Popen, str]:
    """Serve `app_path` with the portal's gunicorn settings (2 sync workers) on loopback."""
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [
        gunicorn,
        "-w",
        "2",
        "-k",
        "sync",
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        app_path,
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            return process, base
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit(f"{app_path} did not start")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait()


def login_form(base: str) -> dict:
    """The anonymous session cookie and CSRF token of the login page, to replay its POST."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/auth/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar if c.name == "session")
    return {"cookie": cookie, "csrf": token}


def measure(base: str, name: str, requests: list[tuple], args, folder: Path) -> dict:
    """Check that the page answers as it should, then drive it with wrk."""
    method = requests[0][0]
    status = check(base, requests[-1])
    wanted = {200} if method == "GET" else {200, 201, 302, 303}
    if status not in wanted:
        print(f"  {name}: answered {status} before the run", file=sys.stderr)
    if len(requests) == 1 and not requests[0][2] and method == "GET":
        return wrk(base + requests[0][1], args.duration, args.connections)
    return wrk(base + "/", args.duration, args.connections, lua_script(folder, name, requests))


def chosen(page: Page, words: list[str]) -> bool:
    """Whether `--only` keeps the page: its name contains one of the words (all without words)."""
    return not words or any(word.lower() in page.name.lower() for word in words)
