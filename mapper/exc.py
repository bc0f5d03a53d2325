"""Errors and warnings raised by the mapper.

Every error raised on purpose descends from :class:`MapperError`; each leaf also inherits
the builtin it resembles, so generic callers still catch it.
"""

from __future__ import annotations

__all__ = ["MapperError", "MapperInputError", "MapperWarning"]


class MapperError(Exception):
    """Root of every error the mapper raises on purpose."""


class MapperInputError(MapperError, ValueError):
    """Raised when an input document or table is unreadable or malformed; the message names it."""


class MapperWarning(UserWarning):
    """Soft problems: a document skipped, a column ignored."""
