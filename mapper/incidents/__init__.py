"""Incidents: ACLED-style event records from the articles."""

from mapper.incidents.dedupe import merge_duplicates
from mapper.incidents.detect import extract_incidents
from mapper.incidents.model import ACLED_COLUMNS, EXTRA_COLUMNS, Incident
from mapper.incidents.taxonomy import EVENT_TYPES, SUB_EVENT_TYPES

__all__ = [
    "ACLED_COLUMNS",
    "EVENT_TYPES",
    "EXTRA_COLUMNS",
    "Incident",
    "SUB_EVENT_TYPES",
    "extract_incidents",
    "merge_duplicates",
]
