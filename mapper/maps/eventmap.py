"""The incident map: a folium map whose layers, legend, filters, time slider and summary are drawn
in the browser from data embedded in the page.

One mark per incident would make folium write a Marker, a Popup and a Tooltip object per row:
100,000 rows then take tens of seconds to build and freeze the browser. :class:`EventMap` instead
embeds the incidents once, as compressed columns (:mod:`mapper.maps.payload`), and the page's
script (``static/eventmap.js``) builds clustered marks, popups on demand, the heat map and the
filters from them. Every script and stylesheet is inlined (:mod:`mapper.maps.assets`), so with
``offline=True``, where the basemap is drawn from the borders the package ships, the page needs
no network at all.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from mapper.maps.style import PRECISION_LABELS, PRECISION_RADIUS_KM

__all__ = ["EventMap", "DEFAULT_BASEMAPS"]

#: xyzservices providers offered as basemaps when the map is not offline, the first shown.
DEFAULT_BASEMAPS = ("Esri.WorldGrayCanvas", "OpenStreetMap.Mapnik", "Esri.WorldImagery", "OpenTopoMap")

#: The uncertainty circles are shown at first on maps of up to this many incidents (a toggle above).
UNCERTAINTY_SHOWN_UP_TO = 5000

_ATTRIBUTION = "Borders: Natural Earth; OCHA COD-AB"


class _Raw(Element):
    """Text put in the page as it is: never read again as a Jinja template."""

    def __init__(self, text: str) -> None:
        super().__init__("")
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class _RawMacro(MacroElement):
    """A MacroElement whose rendered macros go into the page as text.

    :class:`branca.element.MacroElement` wraps each macro's output in an ``Element``, which
    compiles it as a new Jinja template: a ``{{ ... }}`` inside a value would then be evaluated,
    and a page of 20 MB of data would be compiled as a template. Here each output is final.
    """

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise RuntimeError("this element must be inside a Figure to be rendered")
        module = self._template.module.__dict__
        for section in ("header", "html", "script"):
            macro = module.get(section)
            if macro is not None:
                getattr(figure, section).add_child(_Raw(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class _Assets(_RawMacro):
    """Every stylesheet and script of the map, inlined in the page's head."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        <script>{{ this.js }}</script>
        {% endmacro %}
    """)

    def __init__(self) -> None:
        from mapper.maps.assets import inline_css, inline_js

        super().__init__()
        self._name = "EventMapAssets"
        self.css = inline_css()
        self.js = inline_js()


class _Title(_RawMacro):
    _template = Template("""{% macro header(this, kwargs) %}<title>{{ this.title }}</title>{% endmacro %}""")

    def __init__(self, title: str) -> None:
        super().__init__()
        self._name = "EventMapTitle"
        self.title = html.escape(title, quote=True)


class _Data(_RawMacro):
    """The incidents and other layers' data: base64 of gzip of JSON, so nothing in it is markup."""

    _template = Template("""
        {% macro html(this, kwargs) %}
        <script type="application/json" id="{{ this.get_name() }}">{{ this.payload }}</script>
        {% endmacro %}
    """)

    def __init__(self, payload: str) -> None:
        super().__init__()
        self._name = "EventMapData"
        if not payload.isascii() or any(c in payload for c in "<>&\"'"):
            raise ValueError("the page's data must be base64 text")
        self.payload = payload


class _Group(folium.map.Layer):
    """An empty Leaflet layer group that the page's script fills once the data is read."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {{ this.factory }};
        {% endmacro %}
    """)

    def __init__(self, name: str, factory: str, *, overlay: bool = True, show: bool = True) -> None:
        super().__init__(name=name, overlay=overlay, control=True, show=show)
        self._name = "EventMapLayer"
        self.factory = factory


class _Start(_RawMacro):
    _template = Template("""
        {% macro script(this, kwargs) %}
        EventMapKit.start({{ this.config|tojson }}, {
            map: {{ this._parent.get_name() }},
            {%- for key, layer in this.layers.items() %}
            {{ key }}: {{ layer.get_name() if layer else "null" }},
            {%- endfor %}
        });
        {% endmacro %}
    """)

    def __init__(self, config: dict[str, Any], layers: dict[str, _Group | None]) -> None:
        super().__init__()
        self._name = "EventMapStart"
        self.config = config
        self.layers = layers


def _provider(name: str):
    import xyzservices

    from mapper.exc import MapperInputError

    try:
        provider = xyzservices.providers.query_name(name)
    except ValueError:
        raise MapperInputError(f"basemap {name!r}: no such xyzservices provider") from None
    if provider.requires_token():
        raise MapperInputError(f"basemap {name!r} needs an API key: pass the xyzservices provider with its key "
                               f"set, e.g. xyzservices.providers.query_name({name!r})(apikey=...)")
    return provider


class EventMap(folium.Map):
    """A map of reported incidents, built on :class:`folium.Map`.

    Layers, each in the layer control: the incidents (an icon and colour per event type, sized by
    fatalities, clustered at low zoom, with a popup giving the date, types, actors, toll, place and
    precision, the source sentence with the place highlighted and a link to the source); a heat
    map weighted by fatalities; uncertainty circles for ``geo_precision`` 2 and 3; the places
    mentioned (off at first); roads, rivers and areas named; incidents and fatalities per
    governorate. Controls: legend with a filter per type, summary panel (counts per type, total
    fatalities, an actor filter, a chart of incidents over time by type), time slider with playback,
    place search, full screen, minimap and scale bar.

    Parameters
    ----------
    incidents : DataFrame, GeoDataFrame, list of Incident, or path, optional
        ACLED-style rows (an ACLED export loaded with pandas, :func:`mapper.frames.incidents_frame`),
        incident records, or a table file (see :func:`mapper.maps.read_incident_table`).
    mentions : GeoDataFrame, optional
        Places mentioned, from :func:`mapper.frames.mentions_frame` or :func:`mapper.geoparse`.
    offline : bool, default False
        Draw the basemap from the borders the package ships instead of web tiles: the page then
        needs no network.
    basemaps : sequence of str or xyzservices.TileProvider, default :data:`DEFAULT_BASEMAPS`
        Basemaps offered when not offline: xyzservices provider names (``"OpenStreetMap.Mapnik"``),
        or providers with their API key set.
    title : str, optional
        The page title and the summary panel's heading.
    store : Store or path, optional
        The gazetteer store whose governorate polygons draw the choropleth and the borders
        (the default store when not given).
    heat, choropleth, minimap : bool, default True
        Include the heat map, the governorate layers, the minimap.
    **kwargs
        Passed to :class:`folium.Map` (``width``, ``height``, ``min_zoom``...).

    Examples
    --------
    >>> m = EventMap("incidents.csv", offline=True)  # doctest: +SKIP
    >>> m.save("map.html")  # doctest: +SKIP
    """

    default_js: list = []  # everything is inlined by _Assets
    default_css: list = []

    def __init__(
        self,
        incidents: Any = None,
        mentions: Any = None,
        *,
        offline: bool = False,
        basemaps: Sequence[str] = DEFAULT_BASEMAPS,
        title: str | None = None,
        store: Any = None,
        heat: bool = True,
        choropleth: bool = True,
        minimap: bool = True,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("location", [35.0, 38.5])
        kwargs.setdefault("zoom_start", 6)
        kwargs.setdefault("control_scale", True)
        super().__init__(tiles=None, **kwargs)
        # The marker clusters need the map's own zoom limit when no tile layer sets one.
        self.options.setdefault("maxZoom", kwargs.get("max_zoom") or 18)
        self.options.setdefault("minZoom", kwargs.get("min_zoom") or 2)
        self.offline = offline
        import xyzservices

        self.basemaps = tuple(b if isinstance(b, xyzservices.TileProvider) else _provider(b) for b in basemaps)
        self.title = title
        self.heat = heat
        self.choropleth = choropleth
        self.minimap = minimap
        self._store = store
        self._incidents: list = []
        self._unplaced = 0
        self._mentions: list = []
        self._built = False
        self.failures: list[dict[str, Any]] = []
        if incidents is not None:
            self.add_incidents(incidents)
        if mentions is not None:
            self.add_mentions(mentions)

    # ------------------------------------------------------------------ inputs

    def add_incidents(self, incidents: Any) -> EventMap:
        """Add incidents: a frame, a list of :class:`~mapper.incidents.Incident`, or a table file."""
        from mapper.maps.tables import normalise_incidents, read_incident_table

        self._check_open()
        if isinstance(incidents, (str, Path)):
            frame = read_incident_table(incidents)
        elif isinstance(incidents, list) and (not incidents or hasattr(incidents[0], "to_acled")):
            from mapper.frames import incidents_frame

            frame = normalise_incidents(incidents_frame(incidents))
        else:
            frame = normalise_incidents(incidents)
        self._unplaced += frame.attrs.get("unplaced", 0)
        self._incidents.append(frame)
        return self

    def add_mentions(self, mentions: Any) -> EventMap:
        """Add places mentioned (a frame from :func:`mapper.frames.mentions_frame`)."""
        self._check_open()
        self._mentions.append(mentions)
        return self

    @classmethod
    def from_articles(cls, inputs: Iterable[Any], *, geoparser: Any = None, ner: bool | str = "auto",
                      text_column: str = "text", **kwargs: Any) -> EventMap:
        """Geoparse articles, extract their incidents and map both.

        Parameters
        ----------
        inputs : iterable of str or Path
            As for :func:`mapper.documents.read_documents`.
        geoparser : Geoparser, optional
            A configured geoparser (one is made with ``ner`` otherwise).
        **kwargs
            Passed to :class:`EventMap`.

        Returns
        -------
        EventMap
            Its ``failures`` lists the documents that could not be read or parsed.
        """
        from mapper.maps.articles import map_inputs_from_articles

        incidents, mentions, failures = map_inputs_from_articles(inputs, geoparser=geoparser, ner=ner,
                                                                 text_column=text_column)
        out = cls(incidents, mentions, **kwargs)
        out.failures = failures
        return out

    def _check_open(self) -> None:
        if self._built:
            raise RuntimeError("this EventMap has been rendered; add data before saving or displaying it")

    # ------------------------------------------------------------------ building

    def _open_store(self):
        from gazetteer.store import Store, open_store

        if isinstance(self._store, Store):
            return self._store
        return open_store(self._store)

    def _payload(self) -> dict[str, Any]:
        import pandas

        from mapper.maps.basemap import basemap_payload, choropleth_payload, governorates
        from mapper.maps.payload import incidents_payload, mentions_payload, routes_payload

        incidents = self.incidents
        if not len(incidents):
            incidents = incidents.astype({"latitude": float, "longitude": float, "fatalities": int,
                                          "time_precision": int, "geo_precision": int})
        columns, strings, types = incidents_payload(incidents)
        mentions = [m for m in self._mentions if m is not None and len(m)]
        mention_frame = pandas.concat(mentions, ignore_index=True) if mentions else None
        areas = governorates(self._open_store())
        return {
            "version": 1, "types": types, "inc": columns, "strings": strings, "unplaced": self._unplaced,
            "mentions": mentions_payload(mention_frame), "routes": routes_payload(mention_frame),
            "choropleth": choropleth_payload(incidents, areas) if self.choropleth else None,
            "basemap": basemap_payload(areas),
        }

    def _build(self) -> None:
        from mapper.maps.payload import encode

        if self._built:
            return
        payload = self._payload()
        count = len(payload["inc"]["lat"])
        data = encode(payload)
        self._built = True
        self.add_child(_Assets(), name="eventmap_assets")
        if self.title:
            self.add_child(_Title(self.title), name="eventmap_title")
        data_el = _Data(data)
        self.add_child(data_el)
        minimap_tiles = None
        if not self.offline:
            for i, provider in enumerate(self.basemaps):
                folium.TileLayer(provider, name=provider.name, show=i == 0).add_to(self)
                if i == 0:
                    minimap_tiles = provider.build_url()
        borders = _Group("Borders (offline)", "L.layerGroup()", overlay=False, show=self.offline).add_to(self)
        layers: dict[str, _Group | None] = {"basemap": borders}
        layers["chorIncidents"] = _Group("Incidents per governorate", "L.layerGroup()", show=False).add_to(self) \
            if self.choropleth else None
        layers["chorFatalities"] = _Group("Fatalities per governorate", "L.layerGroup()", show=False).add_to(self) \
            if self.choropleth else None
        layers["routes"] = _Group("Roads, rivers and areas named", "L.layerGroup()").add_to(self)
        layers["heat"] = _Group("Heat map (weighted by fatalities)",
                                "L.heatLayer([], {radius: 22, blur: 18, max: 10, minOpacity: 0.25})",
                                show=False).add_to(self) if self.heat else None
        layers["circles"] = _Group("Uncertainty (precision 2 and 3)", "L.layerGroup()",
                                   show=count <= UNCERTAINTY_SHOWN_UP_TO).add_to(self)
        layers["mentions"] = _Group("Places mentioned", "L.layerGroup()", show=False).add_to(self)
        layers["incidents"] = _Group(
            "Incidents", "L.markerClusterGroup({chunkedLoading: true, chunkInterval: 500, chunkDelay: 1, "
            "maxClusterRadius: 45, disableClusteringAtZoom: 14, spiderfyOnMaxZoom: true, "
            "showCoverageOnHover: false})").add_to(self)
        folium.LayerControl(collapsed=True).add_to(self)
        config = {
            "dataId": data_el.get_name(), "fit": True, "title": self.title or "Incidents",
            "precisionRadiusKm": {str(k): v for k, v in PRECISION_RADIUS_KM.items()},
            "precisionLabels": {str(k): v for k, v in PRECISION_LABELS.items()},
            "minimap": self.minimap, "minimapTiles": minimap_tiles, "attribution": _ATTRIBUTION,
        }
        _Start(config, layers).add_to(self)

    def render(self, **kwargs: Any) -> None:
        """Build the layers from the data added so far, then render as :class:`folium.Map` does."""
        self._build()
        super().render(**kwargs)

    def to_html(self) -> str:
        """The whole page as one self-contained HTML document."""
        return self.get_root().render()

    def save(self, outfile: str | Path, close_file: bool = True, **kwargs: Any) -> None:
        """Write the page to ``outfile`` atomically (a temporary file renamed into place)."""
        from mapper._io import atomic_write

        page = self.to_html()
        with atomic_write(outfile) as fh:
            fh.write(page)

    @property
    def incidents(self):
        """The incidents on the map, in :data:`mapper.maps.tables.MAP_COLUMNS` (a copy)."""
        import pandas

        from mapper.maps.tables import MAP_COLUMNS

        frames = [f for f in self._incidents if len(f)]
        return pandas.concat(frames, ignore_index=True) if frames else pandas.DataFrame(columns=MAP_COLUMNS)

    @property
    def unplaced(self) -> int:
        """How many incidents added were left off the map for want of valid coordinates."""
        return self._unplaced
