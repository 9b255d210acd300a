"""Form fields for uploads: one file or several, each saying which types and size it takes."""

from __future__ import annotations

from collections.abc import Collection

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from werkzeug.datastructures import FileStorage

from portal.uploads import ALL_KINDS, DEFAULT_LIMIT, MEDIA_TYPES, Kind, accepted_types, megabytes


class _Accepting:
    """What both upload fields share: they say which types they take (`accept=` and their
    description) and how large a file may be; pass the same `kinds` and `limit` to `store`."""

    def _accept(self, kinds: Collection[Kind], limit: int, kwargs: dict) -> dict:
        self.kinds, self.limit = frozenset(kinds), limit
        render_kw = {"accept": ",".join(MEDIA_TYPES[kind] for kind in Kind if kind in kinds)}
        return render_kw | kwargs.pop("render_kw", {})

    def _describe(self) -> None:
        self.hint = _l(
            "%(types)s; at most %(n)s MB", types=accepted_types(self.kinds), n=megabytes(self.limit)
        )
        self.description = LazyString(_with_hint, self.description, self.hint)


class UploadField(_Accepting, FileField):
    """A file input for one file of the given types and size."""

    def __init__(
        self,
        label=None,
        validators=None,
        *,
        kinds: Collection[Kind] = ALL_KINDS,
        limit: int = DEFAULT_LIMIT,
        required: bool = False,
        **kwargs,
    ):
        if required:
            validators = [FileRequired(_l("Choose a file.")), *(validators or [])]
        render_kw = self._accept(kinds, limit, kwargs)
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self._describe()


class UploadsField(_Accepting, MultipleFileField):
    """A file input for up to `most` files of the given types and size each."""

    def __init__(
        self,
        label=None,
        validators=None,
        *,
        kinds: Collection[Kind] = ALL_KINDS,
        limit: int = DEFAULT_LIMIT,
        most: int = 6,
        **kwargs,
    ):
        render_kw = self._accept(kinds, limit, kwargs)
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.most = most
        self._describe()

    def files(self) -> list[FileStorage]:
        """The files chosen (an empty input sends none)."""
        return [f for f in self.data or [] if isinstance(f, FileStorage) and f.filename]


def _with_hint(description, hint) -> str:
    """A field's own description followed by the types and limit it takes."""
    text = str(description)
    return f"{text}{'' if text.endswith(('。', '；', '，')) else ' '}{hint}" if text else str(hint)
