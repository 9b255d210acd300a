"""Fuzz the JSON API against its own OpenAPI document with schemathesis, as a committee member
of the demo data, and fail on any failure: `.venv/bin/python -m tests.contract.run_schemathesis`.

A live server on a fresh SQLite file with the demo data (tests/browser/live.py); the checks are
not_a_server_error, response_schema_conformance, status_code_conformance (every status
answered is documented) and content_type_conformance; examples are derandomised (fixed seed,
deterministic generation) and capped per operation, so the run is repeatable and short.
`DELETE /api/v1/tokens/current` is left out: it would revoke the token the run uses (its own
tests are in tests/api/test_tokens.py).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from tests.browser.live import COMMITTEE, start_server

CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"
MAX_EXAMPLES = "25"
SEED = "20261127"


def committee_token(app) -> str:
    """A bearer token of the demo committee member of 文宴雅居."""
    from portal.api.services import issue_token
    from portal.auth.services import find_user
    from portal.extensions import db

    with app.app_context():
        token, _ = issue_token(find_user(COMMITTEE))
        db.session.commit()
    return token


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        live = start_server(Path(folder) / "contract.sqlite3")
        try:
            command = [
                str(Path(sys.executable).with_name("schemathesis")),
                "run",
                f"{live.url}/api/v1/openapi.json",
                "--url",
                live.url,
                "--checks",
                CHECKS,
                "--header",
                f"Authorization: Bearer {committee_token(live.app)}",
                "--max-examples",
                MAX_EXAMPLES,
                "--seed",
                SEED,
                "--generation-deterministic",
                "--exclude-path",
                "/api/v1/tokens/current",
                "--request-timeout",
                "20",
                "--no-color",
            ]
            return subprocess.run(command, check=False).returncode
        finally:
            live.stop()


if __name__ == "__main__":
    sys.exit(main())
