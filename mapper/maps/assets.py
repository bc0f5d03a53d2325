"""The scripts and stylesheets of the map, shipped with the package and inlined into each page.

Leaflet, Leaflet.markercluster and Leaflet.heat are vendored under ``static/vendor/`` (their
licences beside them, versions in ``static/vendor/VENDOR.md``); ``static/eventmap.js`` and
``static/eventmap.css`` are the map's own. Inlining them makes every page work with no network.
"""

from __future__ import annotations

import base64
import functools
import re
from importlib import resources

__all__ = ["inline_css", "inline_js", "VENDOR_SCRIPTS", "VENDOR_STYLES"]

#: Vendored scripts, in load order.
VENDOR_SCRIPTS = ("vendor/leaflet/leaflet.js", "vendor/markercluster/leaflet.markercluster.js",
                  "vendor/leaflet-heat/leaflet-heat.js")
#: Vendored stylesheets.
VENDOR_STYLES = ("vendor/leaflet/leaflet.css", "vendor/markercluster/MarkerCluster.css",
                 "vendor/markercluster/MarkerCluster.Default.css")

_URL = re.compile(r"url\((images/[A-Za-z0-9_.-]+\.png)\)")


def _read(name: str) -> str:
    return resources.files("mapper.maps").joinpath("static", name).read_text(encoding="utf-8")


def _data_uri(base: str, rel: str) -> str:
    data = resources.files("mapper.maps").joinpath("static", base, rel).read_bytes()
    return "url(data:image/png;base64," + base64.b64encode(data).decode("ascii") + ")"


def _checked(name: str, code: str, closing: str) -> str:
    # Text inlined in <script> or <style> must not close its element.
    if closing in code.lower():
        raise ValueError(f"{name}: contains {closing!r} and cannot be inlined")
    return code


@functools.cache
def inline_css() -> str:
    """Every stylesheet of the map, images included as ``data:`` URIs."""
    parts = []
    for name in (*VENDOR_STYLES, "eventmap.css"):
        base = name.rsplit("/", 1)[0] if "/" in name else ""
        css = _URL.sub(lambda m, base=base: _data_uri(base, m.group(1)), _read(name))
        parts.append(f"/* {name} */\n" + _checked(name, css, "</style"))
    return "\n".join(parts)


@functools.cache
def inline_js() -> str:
    """Every script of the map, in load order."""
    parts = [f"/* {name} */\n" + _checked(name, _read(name), "</script") for name in (*VENDOR_SCRIPTS, "eventmap.js")]
    return "\n;\n".join(parts)
