"""Turn news reports about armed conflict into places, incidents and maps."""

from mapper.exc import MapperError, MapperInputError, MapperWarning

__all__ = ["EventMap", "MapperError", "MapperInputError", "MapperWarning", "geoparse"]


def __getattr__(name: str):
    # The map and the geoparser load folium, spaCy and the gazetteer: only when asked for.
    if name == "EventMap":
        from mapper.maps import EventMap

        return EventMap
    if name == "geoparse":
        from mapper.extract import geoparse

        return geoparse
    raise AttributeError(f"module 'mapper' has no attribute {name!r}")
