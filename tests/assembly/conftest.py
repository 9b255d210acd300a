"""The assembly's tests use the meeting fixtures of tests/meetings.py (loaded for every test);
its helpers are importable from here too."""

from tests.meetings import NOW, authorisation, unit_named  # noqa: F401
