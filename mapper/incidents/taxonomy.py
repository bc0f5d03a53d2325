"""ACLED's event types and sub-event types, and the words that signal them.

Six event types and twenty-five sub-event types, as ACLED's codebook defines them; the
disorder type of each; and the trigger expressions of ``mapper/data/lexicon/event_triggers.csv``
(French and English, editable), each with a priority so that where tactics overlap the most
specific one wins, as ACLED codes them (a car bomb is a bombing before it is a clash).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["EVENT_TYPES", "SUB_EVENT_TYPES", "DISORDER_TYPES", "Trigger", "load_triggers", "find_triggers"]

#: Sub-event types per event type (ACLED codebook).
EVENT_TYPES = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"],
}
#: Event type of each sub-event type.
SUB_EVENT_TYPES = {sub: event for event, subs in EVENT_TYPES.items() for sub in subs}
#: ACLED disorder type of each event type (excessive force and riots count as both).
DISORDER_TYPES = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence; Demonstrations",
    "Strategic developments": "Strategic developments",
}

_TRIGGERS = Path(__file__).resolve().parents[1] / "data" / "lexicon" / "event_triggers.csv"


@dataclass(frozen=True)
class Trigger:
    """A word that signals an incident: where it is, which sub-event, how specific."""

    start: int
    end: int
    text: str
    sub_event_type: str
    priority: int

    @property
    def event_type(self) -> str:
        """ACLED event type of the sub-event."""
        return SUB_EVENT_TYPES[self.sub_event_type]


@cache
def load_triggers(path: str | None = None) -> tuple[tuple[re.Pattern, str, int], ...]:
    """The trigger expressions, compiled: ``(pattern, sub_event_type, priority)``."""
    rows = []
    with open(path or _TRIGGERS, encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    for row in csv.DictReader(lines):
        sub = row["sub_event_type"].strip()
        if sub not in SUB_EVENT_TYPES:
            raise ValueError(f"{path or _TRIGGERS}: unknown ACLED sub-event type {sub!r}")
        rows.append((re.compile(row["pattern"], re.IGNORECASE), sub, int(row["priority"])))
    return tuple(rows)


def find_triggers(sentence: str) -> list[Trigger]:
    """Every trigger in ``sentence``, highest priority first."""
    found = []
    for pattern, sub, priority in load_triggers():
        for m in pattern.finditer(sentence):
            found.append(Trigger(m.start(), m.end(), m.group(0), sub, priority))
    found.sort(key=lambda t: (-t.priority, t.start))
    return found
