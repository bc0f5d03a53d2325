"""The date of an incident, from its sentence and the article's publication date.

ACLED's ``time_precision`` says how well the date is known: 1 the day, 2 the week, 3 only
the month. :func:`resolve_date` reads, in this order:

1. an absolute date: "dimanche 24 janvier", "le 24 janvier 2021", "on January 24",
   "Sunday, January 24", "24/01/2021", or a month and a year ("en janvier 2021", precision 3);
   without a year the publication year is used, or the year before when that would put the
   day more than a month after publication (an article of 5 January telling of 30 December);
2. a relative day: "avant-hier", "hier", "aujourd'hui", "ce matin", "la nuit dernière",
   "yesterday", "today", "this morning", "last night";
3. a weekday: "mercredi soir", "on Tuesday", "dimanche dernier", "last Sunday": the latest
   such day on or before the publication day (strictly before with "dernier"/"last");
4. a week: "la semaine dernière", "cette semaine", "depuis une semaine", "ces derniers jours",
   "last week", "in recent days": the publication day with precision 2;
5. otherwise the publication day (precision 1), or the first day of the publication month
   when only the month is known (precision 3).

Relative words are read by this module, not by dateparser, which misreads several French
forms; dateparser reads absolute dates that carry their year, with settings that never fill a
missing part from today's date.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

from mapper.exc import MapperInputError

__all__ = ["EventDate", "resolve_date"]

#: ACLED time_precision codes.
_DAY, _WEEK, _MONTH = 1, 2, 3
#: A date without a year goes to the year before when it would fall this long after publication.
_FUTURE_TOLERANCE = _dt.timedelta(days=31)


@dataclass(frozen=True)
class EventDate:
    """When an incident happened, as ACLED codes it.

    Attributes
    ----------
    date : str or None
        ISO ``YYYY-MM-DD``; the first day of the month when only the month is known; ``None``
        when neither the sentence nor the publication date tells.
    time_precision : int
        ACLED time_precision: 1 the day is known, 2 the week, 3 only the month.
    reason : str
        How the date was found, in a few words.
    """

    date: str | None
    time_precision: int
    reason: str


_FR_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
}  # fmt: skip
_EN_MONTHS = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7, "August": 8,
    "September": 9, "October": 10, "November": 11, "December": 12, "Jan": 1, "Feb": 2, "Mar": 3,
    "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}  # fmt: skip
_FR_WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}
_EN_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip

_FR_MONTH = "|".join(_FR_MONTHS)
# English month names are matched capitalised only, so that "may" the verb is no month.
_EN_MONTH = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_FR_WEEKDAY = "|".join(_FR_WEEKDAYS)
_EN_WEEKDAY = "|".join(_EN_WEEKDAYS)
_YEAR = r"(?:19|20)\d\d"

_ABSOLUTE = {
    "fr": [
        re.compile(
            rf"(?<!\w)(?:(?:{_FR_WEEKDAY})\s+)?(?P<day>1er|\d{{1,2}})\s+(?P<month>{_FR_MONTH})"
            rf"(?:\s+(?P<year>{_YEAR}))?(?!\w)",
            re.IGNORECASE,
        ),
    ],
    "en": [
        re.compile(
            rf"(?<!\w)(?P<month>{_EN_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?:,?\s+(?P<year>{_YEAR}))?(?!\w)"
        ),
        re.compile(
            rf"(?<!\w)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_EN_MONTH})\.?"
            rf"(?:,?\s+(?P<year>{_YEAR}))?(?!\w)"
        ),
    ],
}
#: Numeric dates: ISO, or day first ("24/01/2021", "24.01.2021") as both languages' sources write them.
_NUMERIC = re.compile(
    rf"(?<![\w/.-])(?:(?P<iso>{_YEAR}-\d\d-\d\d)|(?P<dmy>\d{{1,2}}[/.]\d{{1,2}}[/.]{_YEAR}))(?![\w/.-]|\.\d)"
)
_MONTH_YEAR = {
    "fr": re.compile(rf"(?<!\w)(?P<month>{_FR_MONTH})\s+(?P<year>{_YEAR})(?!\w)", re.IGNORECASE),
    "en": re.compile(rf"(?<!\w)(?P<month>{_EN_MONTH})\.?,?\s+(?P<year>{_YEAR})(?!\w)"),
}
_RELATIVE_DAYS = {
    "fr": [
        (re.compile(r"(?<!\w)avant[\s-]hier(?!\w)", re.IGNORECASE), -2),
        (re.compile(r"(?<!\w)(?:hier|la\s+nuit\s+derni[èe]re)(?!\w)", re.IGNORECASE), -1),
        (
            re.compile(
                r"(?<!\w)(?:aujourd'hui|ce\s+matin|ce\s+soir|cet\s+apr[èe]s[\s-]midi|ce\s+jour)(?!\w)",
                re.IGNORECASE,
            ),
            0,
        ),
    ],
    "en": [
        (re.compile(r"(?<!\w)the\s+day\s+before\s+yesterday(?!\w)", re.IGNORECASE), -2),
        (re.compile(r"(?<!\w)(?:yesterday|last\s+night)(?!\w)", re.IGNORECASE), -1),
        (
            re.compile(r"(?<!\w)(?:today|tonight|this\s+(?:morning|afternoon|evening))(?!\w)", re.IGNORECASE),
            0,
        ),
    ],
}
_WEEKDAY = {
    "fr": re.compile(
        rf"(?<!\w)(?P<weekday>{_FR_WEEKDAY})(?:\s+(?P<last>derni(?:er|ère)))?(?!\w)", re.IGNORECASE
    ),
    "en": re.compile(rf"(?<!\w)(?:(?P<last>last)\s+)?(?P<weekday>{_EN_WEEKDAY})(?!\w)", re.IGNORECASE),
}
_WEEK_CUES = {
    "fr": re.compile(
        r"(?<!\w)(?:la\s+semaine\s+(?:derni[èe]re|pass[ée]e)|cette\s+semaine|depuis\s+une\s+semaine"
        r"|(?:au\s+cours\s+)?(?:de\s+)?ces\s+derniers\s+jours|depuis\s+quelques\s+jours|ce\s+week-end"
        r"|le\s+week-end\s+dernier)(?!\w)",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"(?<!\w)(?:last\s+week|this\s+week|earlier\s+this\s+week|in\s+recent\s+days|(?:over|in)\s+the\s+past"
        r"\s+(?:few\s+days|week)|over\s+the\s+weekend|this\s+weekend|last\s+weekend)(?!\w)",
        re.IGNORECASE,
    ),
}
_PUBLICATION = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?(?:T.*)?")


def _parse_publication(publication: str | None) -> tuple[_dt.date | None, bool]:
    """The publication date and whether its day is known; a month-only date gives its first day."""
    if publication is None or not publication.strip():
        return None, False
    match = _PUBLICATION.fullmatch(publication.strip())
    if match is None:
        raise MapperInputError(f"publication date {publication!r} is not YYYY-MM-DD or YYYY-MM")
    try:
        day = _dt.date(int(match["year"]), int(match["month"]), int(match["day"] or 1))
    except ValueError as err:
        raise MapperInputError(f"publication date {publication!r} is not a calendar date") from err
    return day, match["day"] is not None


def _langs(lang: str | None) -> list[str]:
    key = (lang or "").strip().lower()[:2]
    return [key] if key in ("fr", "en") else ["fr", "en"]


def _dateparser_date(text: str, lang: str, publication: _dt.date | None) -> _dt.date | None:
    """Read an absolute date that carries its year with dateparser; nothing is filled from today."""
    import dateparser

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "DATE_ORDER": "DMY",
        "PARSERS": ["absolute-time"],
    }
    if publication is not None:
        settings["RELATIVE_BASE"] = _dt.datetime.combine(publication, _dt.time())
    parsed = dateparser.parse(text, languages=[lang], settings=settings)
    return parsed.date() if parsed is not None else None


def _year_for(month: int, day: int, publication: _dt.date, day_known: bool) -> int:
    """The publication year, or the one before when the day would fall over a month after publication."""
    if day_known:
        reference = publication
    else:
        last = calendar.monthrange(publication.year, publication.month)[1]
        reference = publication.replace(day=last)
    try:
        candidate = _dt.date(reference.year, month, day)
    except ValueError:  # 29 February of a common year: the year before may have one
        return reference.year - 1
    return reference.year - 1 if candidate > reference + _FUTURE_TOLERANCE else reference.year


def _absolute(text: str, langs: list[str], publication: _dt.date | None, day_known: bool) -> EventDate | None:
    """An absolute date written in the sentence, or ``None``."""
    found = []
    for lang in langs:
        for pattern in _ABSOLUTE[lang]:
            found += [(m.start(), lang, m) for m in pattern.finditer(text)]
    found += [(m.start(), langs[0], m) for m in _NUMERIC.finditer(text)]
    yearless = None
    for _, lang, match in sorted(found, key=lambda item: item[0]):
        written = match.group(0)
        if "iso" in match.groupdict() or match["year"]:
            when = _dateparser_date(written, lang, publication)
            if when is not None:
                return EventDate(when.isoformat(), _DAY, f"date '{written}'")
            continue
        if publication is None:
            yearless = yearless or match.group(0)  # no year, and nothing to take one from
            continue
        months = _FR_MONTHS if lang == "fr" else _EN_MONTHS
        month = months[match["month"].lower() if lang == "fr" else match["month"]]
        day = 1 if match["day"].lower() == "1er" else int(match["day"])
        year = _year_for(month, day, publication, day_known)
        try:
            when = _dt.date(year, month, day)
        except ValueError:
            continue
        source = "year of publication" if year == publication.year else "year before publication"
        return EventDate(when.isoformat(), _DAY, f"date '{written}', {source}")
    for lang in langs:
        match = _MONTH_YEAR[lang].search(text)
        if match is not None:
            months = _FR_MONTHS if lang == "fr" else _EN_MONTHS
            month = months[match["month"].lower() if lang == "fr" else match["month"]]
            when = _dt.date(int(match["year"]), month, 1)
            return EventDate(when.isoformat(), _MONTH, f"month '{match.group(0)}'")
    if yearless is not None:
        return EventDate(None, _MONTH, f"date '{yearless}' without a year nor a publication date")
    return None


def _without_day(word: str, publication: _dt.date | None) -> EventDate:
    """The answer when a cue needs the publication day and it is not known."""
    if publication is None:
        return EventDate(None, _MONTH, f"'{word}' without a publication date")
    return EventDate(publication.replace(day=1).isoformat(), _MONTH, f"'{word}', publication day unknown")


def _relative(text: str, langs: list[str], publication: _dt.date | None, day_known: bool) -> EventDate | None:
    """A day named relative to publication ("hier", "yesterday"), or ``None``."""
    found = []
    for lang in langs:
        for pattern, shift in _RELATIVE_DAYS[lang]:
            found += [(m.start(), -len(m.group(0)), m.group(0), shift) for m in pattern.finditer(text)]
    if not found:
        return None
    _, _, word, shift = min(found)  # the first cue; of two at one place ("avant-hier"), the longest
    if publication is None or not day_known:
        return _without_day(word, publication)
    when = publication + _dt.timedelta(days=shift)
    if shift == 0:
        return EventDate(when.isoformat(), _DAY, f"'{word}': publication day")
    return EventDate(when.isoformat(), _DAY, f"'{word}': {-shift} day(s) before {publication.isoformat()}")


def _weekday(text: str, langs: list[str], publication: _dt.date | None, day_known: bool) -> EventDate | None:
    """The latest named weekday on or before publication ("mercredi", "on Tuesday"), or ``None``."""
    matches = [m for lang in langs if (m := _WEEKDAY[lang].search(text))]
    if not matches:
        return None
    match = min(matches, key=lambda m: m.start())
    word = match.group(0)
    if publication is None or not day_known:
        return _without_day(word, publication)
    weekdays = {**_FR_WEEKDAYS, **_EN_WEEKDAYS}
    back = (publication.weekday() - weekdays[match["weekday"].lower()]) % 7
    if back == 0 and match["last"]:
        back = 7
    when = publication - _dt.timedelta(days=back)
    return EventDate(when.isoformat(), _DAY, f"weekday '{word}' before {publication.isoformat()}")


def _week(text: str, langs: list[str], publication: _dt.date | None, day_known: bool) -> EventDate | None:
    """The publication day, known to the week, when the sentence speaks of a week; or ``None``."""
    matches = [m for lang in langs if (m := _WEEK_CUES[lang].search(text))]
    if not matches:
        return None
    word = min(matches, key=lambda m: m.start()).group(0)
    if publication is None or not day_known:
        return _without_day(word, publication)
    return EventDate(publication.isoformat(), _WEEK, f"'{word}': week of publication")


def resolve_date(sentence: str, lang: str, publication: str | None) -> EventDate:
    """Find the date of the incident a sentence reports.

    Parameters
    ----------
    sentence : str
        The sentence (or clause) reporting the incident.
    lang : str
        Its language, ``"fr"`` or ``"en"``; anything else reads both.
    publication : str or None
        The article's publication date, ``"YYYY-MM-DD"`` or ``"YYYY-MM"``; ``None`` when unknown.

    Returns
    -------
    EventDate
        The ISO date, its ACLED time_precision and the reason. Without a publication date and
        without an absolute date in the sentence, the date is ``None`` (precision 3).

    Raises
    ------
    MapperInputError
        If ``publication`` is neither ``"YYYY-MM-DD"`` nor ``"YYYY-MM"``.

    Examples
    --------
    >>> resolve_date("Les combats ont repris dimanche 24 janvier.", "fr", "2021-01-26")
    EventDate(date='2021-01-24', time_precision=1, reason="date 'dimanche 24 janvier', year of publication")
    >>> resolve_date("Des tirs ont été signalés mercredi soir.", "fr", "2021-01-24").date
    '2021-01-20'
    >>> resolve_date("Le 30 décembre, un convoi a été attaqué.", "fr", "2021-01-05").date
    '2020-12-30'
    >>> resolve_date("Daech a attaqué.", "fr", "2021-01")
    EventDate(date='2021-01-01', time_precision=3, reason='publication month only')
    """
    publication_day, day_known = _parse_publication(publication)
    text = sentence.translate({0x2019: "'", 0x2018: "'", 0xA0: " ", 0x202F: " ", 0x2010: "-", 0x2011: "-"})
    langs = _langs(lang)
    for reader in (_absolute, _relative, _weekday, _week):
        found = reader(text, langs, publication_day, day_known)
        if found is not None:
            return found
    if publication_day is None:
        return EventDate(None, _MONTH, "no date in the sentence and no publication date")
    if day_known:
        return EventDate(publication_day.isoformat(), _DAY, "publication date")
    return EventDate(publication_day.isoformat(), _MONTH, "publication month only")
