"""The URLs of a list's rows, built from one `url_for` per page.

A list page links each of its 50 rows to the same endpoint with another id (verify claim 7,
verify claim 8...). `url_for` costs ~10 µs a call (the URL map's builder, the URL defaults);
`row_url(endpoint, "claim_id")` builds the URL once with a marker id and gives each row's URL
by putting its id in the marker's place, which is what the integer converter would have written.
"""

from __future__ import annotations

from flask import url_for

#: An id no table reaches in a test or a benchmark, unlikely to appear elsewhere in a URL.
MARKER = 987654321


class RowURL:
    """`row_url(...)[id]`: the URL of the endpoint for that id."""

    def __init__(self, endpoint: str, key: str, values: dict) -> None:
        self.endpoint, self.key, self.values = endpoint, key, values
        url = url_for(endpoint, **{key: MARKER}, **values)
        marker = str(MARKER)
        if url.count(marker) == 1:
            self.prefix, self.suffix = url.split(marker)
        else:  # the marker is ambiguous here: build each URL
            self.prefix = self.suffix = None

    def __getitem__(self, identifier: int) -> str:
        if self.prefix is None:
            return url_for(self.endpoint, **{self.key: identifier}, **self.values)
        return f"{self.prefix}{int(identifier)}{self.suffix}"


def row_url(endpoint: str, key: str, **values) -> RowURL:
    """The URLs of `endpoint` for each value of its integer argument `key` (the other arguments
    fixed), for a template's loop: `{% set verify = row_url('registration.verify', 'claim_id') %}`
    then `{{ verify[claim.id] }}`."""
    return RowURL(endpoint, key, values)
