"""The assembly's fixtures (verified owners of compound A, a meeting factory), for the to-do."""

from tests.assembly.conftest import new_meeting, owners  # noqa: F401
