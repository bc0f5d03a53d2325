"""Example articles shipped with the package, written for it: French and English reports of
the kind the tool reads, used by ``mapper extract --example``, the README and the notebook."""

from __future__ import annotations

from pathlib import Path

__all__ = ["EXAMPLES_DIR", "example_paths"]

EXAMPLES_DIR = Path(__file__).parent / "data" / "examples"


def example_paths() -> list[Path]:
    """The example articles, sorted by name."""
    return sorted(EXAMPLES_DIR.glob("*.txt"))
