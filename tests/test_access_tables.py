"""Every route of the app is in an access table (pages: tests/<capability>/test_access.py; API:
test_api_access.py), and every route declares a permission rule."""

from collections import defaultdict
from importlib import import_module
from pathlib import Path

HERE = Path(__file__).parent


def _tables(name: str) -> list:
    """The ROUTES of every `tests/<capability>/<name>.py`."""
    routes = []
    for path in sorted(HERE.glob(f"*/{name}.py")):
        routes += import_module(f"tests.{path.parent.name}.{name}").ROUTES
    return routes


def _covered(app, routes) -> set[str]:
    adapter = app.url_map.bind("portal.test")
    any_id = defaultdict(lambda: 1)
    return {adapter.match(template.format_map(any_id), method=method)[0] for method, template, *_ in routes}


def _endpoints(app, *, api: bool) -> set[str]:
    found = set()
    for rule in app.url_map.iter_rules():
        is_api = rule.endpoint.startswith(("api.", "api-docs."))
        if not rule.endpoint.endswith("static") and is_api == api:
            found.add(rule.endpoint)
    return found


def test_every_page_is_in_a_table(app):
    assert _endpoints(app, api=False) - _covered(app, _tables("test_access")) == set()


def test_every_api_route_is_in_a_table(app):
    assert _endpoints(app, api=True) - _covered(app, _tables("test_api_access")) == set()


def test_every_route_declares_a_permission_rule(app):
    missing = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if not endpoint.endswith("static") and not getattr(view, "permission_rule", None)
    ]
    assert missing == []
