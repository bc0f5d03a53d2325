"""Atomic writes for the mapper's outputs (the gazetteer's implementation, one for both)."""

from gazetteer._io import atomic_write

__all__ = ["atomic_write"]
