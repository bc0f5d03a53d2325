"""How incidents look on the map: a colour and a glyph per ACLED event type, sizes, radii.

Every value here ends up in the page's script and markup, so each one is a constant of this
module, never text read from an input: an event type the table names but this module does
not know is drawn with :data:`OTHER_STYLE`.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EventStyle", "EVENT_STYLES", "OTHER_STYLE", "PRECISION_RADIUS_KM", "PRECISION_LABELS", "style_for"]


@dataclass(frozen=True, slots=True)
class EventStyle:
    """The look of one event type.

    Attributes
    ----------
    label : str
        The type's name in the legend.
    color : str
        ``#rrggbb`` fill of the mark.
    glyph : str
        SVG path data, drawn in white with a stroke on a 24 x 24 box.
    """

    label: str
    color: str
    glyph: str


#: ACLED's six event types, in the legend's order.
EVENT_STYLES: dict[str, EventStyle] = {
    "Battles": EventStyle("Battles", "#c0392b", "M6 6 L18 18 M18 6 L6 18 M4 16 L8 20 M16 20 L20 16"),
    "Explosions/Remote violence": EventStyle(
        "Explosions/Remote violence", "#e67e22",
        "M12 3 L14 9 L20 7 L16 12 L21 16 L14 15 L12 21 L10 15 L3 16 L8 12 L4 7 L10 9 Z"),
    "Violence against civilians": EventStyle(
        "Violence against civilians", "#8e44ad",
        "M12 4 A2.5 2.5 0 1 1 11.99 4 M12 9 V15 M7 11 H17 M12 15 L8 21 M12 15 L16 21"),
    "Protests": EventStyle("Protests", "#27ae60", "M7 21 V4 M7 5 H18 L15 9 L18 13 H7"),
    "Riots": EventStyle("Riots", "#a04000", "M12 3 C16 8 18 11 16 16 C15 19 9 19 8 16 C7 13 9 11 10 9 C11 12 13 12 12 3 Z"),
    "Strategic developments": EventStyle("Strategic developments", "#2471a3", "M12 3 L20 12 L12 21 L4 12 Z M12 8 V13 M12 16 V16.5"),
}

#: Any other event type a table brings.
OTHER_STYLE = EventStyle("Other", "#7f8c8d", "M8 8 H16 V16 H8 Z")

#: Radius of the uncertainty circle drawn around an incident of ACLED ``geo_precision`` 2
#: (near a town, or a part of a region) and 3 (the region only), in kilometres.
PRECISION_RADIUS_KM = {2: 10.0, 3: 50.0}

#: What each ``geo_precision`` means, as the popup says it.
PRECISION_LABELS = {1: "at the place named", 2: "near the place named (within about 10 km)",
                    3: "somewhere in the region named (within about 50 km)"}


def style_for(event_type: str) -> EventStyle:
    """The style of an event type, :data:`OTHER_STYLE` for one ACLED does not define."""
    return EVENT_STYLES.get(event_type, OTHER_STYLE)
