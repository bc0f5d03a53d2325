"""Errors and warnings raised by the gazetteer.

Every error raised on purpose descends from :class:`GazetteerError`; each leaf
also inherits the builtin it resembles, so generic callers still catch it.
"""

from __future__ import annotations

__all__ = [
    "GazetteerError",
    "GazetteerQueryError",
    "GazetteerConfigurationError",
    "GazetteerSourceError",
    "GazetteerStoreError",
    "GazetteerWarning",
]


class GazetteerError(Exception):
    """Root of every error the gazetteer raises on purpose."""


class GazetteerQueryError(GazetteerError, ValueError):
    """Raised when a query is unusable: empty, not a string, or too long."""


class GazetteerConfigurationError(GazetteerError, ValueError):
    """Raised when a setting is wrong: unknown country code, feature class or bias point."""


class GazetteerSourceError(GazetteerError, ValueError):
    """Raised when a source file is malformed.

    The message names the file and, where one is to blame, the line or row.

    Parameters
    ----------
    message : str
        What is wrong.
    path : str or None, default None
        The file at fault.
    line : int or None, default None
        The 1-based line or row at fault.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = None if path is None else str(path)
        self.line = line
        where = ""
        if self.path is not None:
            where = self.path if line is None else f"{self.path}:{line}"
            where += ": "
        super().__init__(where + message)


class GazetteerStoreError(GazetteerError, OSError):
    """Raised when the on-disk store cannot be built or opened."""


class GazetteerWarning(UserWarning):
    """Soft problems: a store rebuilt after corruption, a row skipped in a source."""
