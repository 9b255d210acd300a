"""API fixtures: verified owners of compound A (the `bearer` fixture is in tests/conftest.py)."""

from tests.assembly.conftest import owners  # noqa: F401  (verified owners of compound A)
