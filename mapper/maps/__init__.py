"""Maps of reported incidents: :class:`EventMap`, a folium map, and the readers of incident tables.

>>> from mapper.maps import EventMap                                  # doctest: +SKIP
>>> EventMap("acled_export.csv", offline=True).save("map.html")       # doctest: +SKIP
"""

from mapper.maps.eventmap import DEFAULT_BASEMAPS, EventMap
from mapper.maps.style import EVENT_STYLES, EventStyle
from mapper.maps.tables import MAP_COLUMNS, is_incident_table, normalise_incidents, read_incident_table

__all__ = ["DEFAULT_BASEMAPS", "EVENT_STYLES", "EventMap", "EventStyle", "MAP_COLUMNS", "is_incident_table",
           "normalise_incidents", "read_incident_table"]
