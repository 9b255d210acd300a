"""The problems an import can find: one per row (or for the whole file), and the refusal that
lists them all."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.errors import DomainError

#: The line number of problems with the whole file rather than one row.
FILE_LEVEL = 0


@dataclass(frozen=True)
class RowError:
    """A problem on one line of the file (line 1 is the header; 0 is the whole file)."""

    line: int
    message: object

    def __str__(self) -> str:
        if self.line == FILE_LEVEL:
            return str(self.message)
        return str(_l("Row %(line)d: %(message)s", line=self.line, message=self.message))


class TableInvalid(DomainError):
    """The file was refused and nothing was written; `errors` lists every problem found.
    Each import subclasses it to say what was not done (`summary`)."""

    def __init__(self, errors: list[RowError]):
        super().__init__(self.summary(len(errors)))
        self.errors = errors

    @staticmethod
    def summary(count: int):
        return _l("The file was not imported. Problems found: %(n)d.", n=count)


class CellError(ValueError):
    """A cell that a parser refused; `message` is translated text naming the column."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message
