"""Assigning administrative areas to points by the polygons they fall in."""

from __future__ import annotations

__all__ = ["AdminLocator"]


class AdminLocator:
    """Find the administrative areas (level 1 and 2) that contain a point.

    Parameters
    ----------
    areas : iterable of Place
        Area records with a polygon ``geometry`` and feature codes ``ADM1`` / ``ADM2``.
    """

    def __init__(self, areas) -> None:
        import numpy as np
        from shapely import STRtree, from_wkt

        self._levels = {}
        for code in ("ADM1", "ADM2"):
            chosen = [a for a in areas if a.feature_code == code and a.geometry]
            if chosen:
                geoms = from_wkt([a.geometry for a in chosen])
                self._levels[code] = (STRtree(geoms), chosen)
        self._np = np

    def locate_many(self, lats, lons) -> dict[str, list]:
        """Return, per level (``"ADM1"``, ``"ADM2"``), the area containing each point or ``None``."""
        from shapely import points

        pts = points(self._np.column_stack([lons, lats]))
        out = {}
        for code, (tree, chosen) in self._levels.items():
            found: list = [None] * len(pts)
            pairs = tree.query(pts, predicate="within")
            for i, j in zip(pairs[0].tolist(), pairs[1].tolist(), strict=True):
                if found[i] is None:
                    found[i] = chosen[j]
            out[code] = found
        return out
