"""Properties of the readers, the geoparser and the incident extractor over hostile input (Hypothesis).

No exception escapes but the project's documented ones; every file read gives documents or
failures that name it; offsets stay inside the text and slice out what they claim; coordinates
are finite and on the globe; tolls are ``None`` or non-negative integers; the ACLED CSV holds no
cell a spreadsheet would run. The linear-time readings that keep a long or hostile article
tractable are checked against the definitions they stand for.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
import math
import os
import re
import tempfile
from pathlib import Path

from hypothesis import event, example, given, settings
from hypothesis import strategies as st

import mapper.documents as documents
from mapper.documents import Document, DocumentFailure, read_documents
from mapper.extract import extract_records
from mapper.frames import incidents_frame, write_incidents
from mapper.incidents import EVENT_TYPES, SUB_EVENT_TYPES, extract_incidents
from mapper.incidents.detect import _ATTRIBUTION, _Attribution, _Offsets
from mapper.incidents.numbers import _NEGATION_BEFORE, _negated, find_casualties
from mapper.mention import Mention
from mapper.pipeline.resolve import _LOCAL_SCALE_KM, _distance_km, _SentencePoints

from ..strategies import articles, blank_texts, hostile_texts, long_tokens, noise

LANGS = st.sampled_from([None, "fr", "en", "und", "ar", "zz", ""])
DATES = st.sampled_from([None, "2021-01-24", "2021-01", "2020-02-29", "1900-01-01"])
#: A toll of more digits than Python converts to an int once stopped the incident extractor.
HUGE_TOLL = "Des affrontements près de Raqqa ont tué " + "9" * 5000 + " soldats."


def valid_point(lat, lon) -> bool:
    return (
        isinstance(lat, float) and isinstance(lon, float) and math.isfinite(lat) and math.isfinite(lon)
        and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0
    )


def valid_wkt(wkt: str) -> bool:
    from shapely import from_wkt, get_coordinates

    coords = get_coordinates(from_wkt(wkt))
    return len(coords) > 0 and all(valid_point(float(y), float(x)) for x, y in coords)


# --------------------------------------------------------------------------------------------------
# readers

SUFFIXES = [".txt", ".md", "", ".log", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".csv", ".tsv",
            ".json", ".CSV", ".bin"]
MAGIC = [magic for magic, _ in documents._MAGIC] + [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]


def _jsonl(items) -> bytes:
    lines = []
    for item in items:
        lines.append(item if isinstance(item, str) else json.dumps(item, ensure_ascii=False))
    return "\n".join(lines).encode("utf-8")


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


json_values = st.one_of(hostile_texts, st.none(), st.integers(), st.floats(), st.booleans(),
                        st.lists(st.integers(), max_size=3))
FIELDS = ["text", "Text", "content", "body", "id", "date", "title", "url", "lang", "source", "x"]
records = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=5)
file_contents = st.one_of(
    st.binary(max_size=600),
    st.tuples(st.sampled_from(MAGIC), st.binary(max_size=100)).map(b"".join),
    hostile_texts.map(lambda t: t.encode("utf-8")),
    hostile_texts.map(lambda t: codecs.BOM_UTF8 + t.encode("utf-8")),
    st.tuples(hostile_texts, st.binary(min_size=1, max_size=4), hostile_texts).map(
        lambda t: t[0].encode("utf-8") + t[1] + t[2].encode("utf-8")),  # bytes that may not be UTF-8
    st.lists(st.one_of(records, noise, blank_texts), max_size=8).map(_jsonl),
    st.lists(st.lists(hostile_texts, max_size=4), max_size=6).map(
        lambda rows: _csv([["id", "text", "date"], *rows])),
    st.lists(st.lists(noise, max_size=3), max_size=4).map(_csv),
    st.one_of(records, st.lists(st.one_of(records, json_values), max_size=4)).map(
        lambda obj: json.dumps(obj, ensure_ascii=False).encode("utf-8")),
    hostile_texts.map(lambda t: f"<html><body><article><p>{t}</p></article></body></html>".encode()),
    st.integers(1, 3000).map(lambda n: (b"<div>" * n + b"<p>Raqqa</p>")),
)


def expected_plain_text(data: bytes, max_chars: int = 5_000_000) -> str | None:
    """The document a plain text file of `data` must give, or None when it must fail."""
    if data.startswith(tuple(MAGIC)) or b"\x00" in data or len(data) > 4 * max_chars:
        return None  # a signature, a NUL, or more bytes than `max_chars` characters can take
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if text.strip() and len(text) <= max_chars else None


@settings(max_examples=1000)
@given(data=file_contents, suffix=st.sampled_from(SUFFIXES), max_chars=st.sampled_from([5_000_000, 200, 1]))
@example(data=b"", suffix=".jsonl", max_chars=5_000_000)
@example(data=b"\xef\xbb\xbf", suffix=".csv", max_chars=5_000_000)
@example(data=b"text\n\xff\xfe\n", suffix=".csv", max_chars=5_000_000)
@example(data=b'{"text": "\\u0000"}', suffix=".jsonl", max_chars=5_000_000)
@example(data=b"[" * 100_000, suffix=".json", max_chars=5_000_000)
@example(data=b'{"text": ' * 50_000, suffix=".jsonl", max_chars=5_000_000)
@example(data=b"<html>" + b"<div>" * 100_000 + b"x", suffix=".html", max_chars=5_000_000)
def test_properties_readers_account_for_any_file(data, suffix, max_chars):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        items = list(read_documents([str(path)], max_chars=max_chars))
    assert items, "a file gave nothing: neither a document nor a failure"
    event("read: " + ("documents" if any(isinstance(i, Document) for i in items) else "failures only"))
    for item in items:
        assert isinstance(item, Document | DocumentFailure)
        assert item.path == str(path)
        assert isinstance(item.id, str) and item.id
        if isinstance(item, DocumentFailure):
            assert item.error.startswith(str(path)), item.error  # the failure names the file
            continue
        assert item.text.strip() and len(item.text) <= max_chars
        assert item.date is None or re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", item.date)
    if suffix.lower() in (".txt", ".md", "", ".log", ".bin"):
        expected = expected_plain_text(data, max_chars)
        assert len(items) == 1
        if expected is None:
            assert isinstance(items[0], DocumentFailure)
        else:
            assert isinstance(items[0], Document) and items[0].text == expected


file_names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=40
).filter(lambda name: name not in (".", "..") and len(os.fsencode(name)) <= 200)


@settings(max_examples=200)
@given(st.dictionaries(file_names, st.one_of(hostile_texts, st.binary(max_size=50)), min_size=1, max_size=8))
@example({"\u202egnp.txt": "Raqqa", "\u200f": b"\x89PNG\r\n\x1a\n", "a\nb": "", "\x7f": "Homs"})
def test_properties_readers_account_for_every_file_of_a_directory(files):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        root.mkdir()
        for name, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (root / (name + ".txt")).write_bytes(data)
        items = list(read_documents([str(root)]))
    visible = sorted(name + ".txt" for name in files if not name.startswith("."))
    assert [item.id for item in items] == visible  # one item per file, in sorted order, none lost
    for item in items:
        assert item.path == str(root / item.id)
        if isinstance(item, DocumentFailure):
            assert item.error.startswith(item.path)


# --------------------------------------------------------------------------------------------------
# geoparser


def assert_mentions_valid(text: str, parsed) -> None:
    mentions = parsed.mentions
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)  # text order
    sentences = max(1, len(parsed.view.sentence_starts)) if parsed.view is not None else 1
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert (m.lat is None) == (m.lon is None)
        if m.lat is not None:
            assert valid_point(m.lat, m.lon), (m.text, m.lat, m.lon)
        assert 0.0 <= m.score <= 1.0 and m.precision in (1, 2, 3)
        assert 0 <= m.sentence < sentences
        if m.geometry:
            assert valid_wkt(m.geometry)
        for alt in m.alternatives:
            assert valid_point(alt.lat, alt.lon)
        json.dumps(m.to_json(), allow_nan=False)
    for d in parsed.derived:
        assert 0 <= d.start < d.end <= len(text)
        assert text[d.start:d.end] == d.text
        assert valid_point(d.lat, d.lon), (d.text, d.lat, d.lon)
        assert math.isfinite(d.radius_km) and d.radius_km >= 0
        assert d.anchors and all(0 <= a < len(mentions) for a in d.anchors)
        assert d.precision in (1, 2, 3) and d.kind in ("relative", "route")
        if d.geometry:
            assert valid_wkt(d.geometry)
        json.dumps(d.to_json(), allow_nan=False)


@settings(max_examples=1000)
@given(text=hostile_texts, lang=LANGS, date=DATES)
@example(text="", lang=None, date=None)
@example(text="\u202eDes frappes près d'al-Mayadin ont tué 5 civils\u202c", lang=None, date="2021-01-24")
@example(text="clashes near Raqqa killed 3" + "\u0301" * 5000, lang="en", date=None)
@example(text="1" + "0" * 20 + " km north of Raqqa, clashes killed 3", lang="en", date=None)
@example(text="الميادين Raqqa 大马士革 Дамаск " * 50, lang="ar", date=None)
def test_properties_geoparser_offsets_and_coordinates(geoparser, text, lang, date):
    doc = Document(id="d", text=text, lang=lang or None, date=date)
    parsed = geoparser.parse(doc)
    assert parsed.document is doc and isinstance(parsed.lang, str)
    assert_mentions_valid(text, parsed)
    resolved = sum(m.lat is not None for m in parsed.mentions)
    event("places resolved: " + ("none" if not resolved else "1-4" if resolved < 5 else "5 or more"))
    event("derived places: " + ("yes" if parsed.derived else "no"))


# --------------------------------------------------------------------------------------------------
# incident extractor

TIME_PRECISION = (1, 2, 3)


def assert_incident_valid(text: str, inc) -> None:
    assert 0 <= inc.start < inc.end <= len(text)
    assert inc.event_type in EVENT_TYPES and SUB_EVENT_TYPES[inc.sub_event_type] == inc.event_type
    assert (inc.lat is None) == (inc.lon is None)
    if inc.lat is not None:
        assert valid_point(inc.lat, inc.lon), (inc.location, inc.lat, inc.lon)
    for toll in (inc.killed, inc.wounded, inc.killed_or_wounded):
        assert toll is None or (type(toll) is int and 0 <= toll <= 2**53)
    assert inc.geo_precision in (1, 2, 3) and inc.time_precision in TIME_PRECISION
    if inc.date is not None:
        datetime.date.fromisoformat(inc.date)
    assert 0.0 <= inc.confidence <= 1.0
    assert len(inc.notes) <= 1000
    json.dumps(inc.to_json(), allow_nan=False)
    row = inc.to_acled()
    assert type(row["fatalities"]) is int and row["fatalities"] >= 0


@settings(max_examples=1000)
@given(text=hostile_texts, lang=LANGS, date=DATES)
@example(text=HUGE_TOLL, lang="fr", date="2021-01-24")
@example(text="clashes near Raqqa killed 99999999999999999999999999 civilians", lang="en", date=None)
@example(text="Des frappes près d'al-Mayadin ont tué 5,000,000,000,000,000,000 civils", lang="fr", date=None)
@example(text="selon une source à Raqqa, " * 200 + "une frappe a tué 3 civils", lang="fr", date=None)
def test_properties_incidents_offsets_coordinates_and_tolls(geoparser, text, lang, date):
    parsed = geoparser.parse(Document(id="d", text=text, lang=lang or None, date=date))
    found = extract_incidents(parsed)
    for inc in found:
        assert_incident_valid(text, inc)
        assert inc.doc_id == "d"
    event("incidents: " + ("none" if not found else "some"))
    tolls = any(i.killed or i.wounded or i.killed_or_wounded for i in found)
    event("tolls: " + ("given" if tolls else "none"))


def test_properties_incidents_huge_toll_is_not_a_figure(geoparser):
    [inc] = extract_incidents(geoparser.parse(Document(id="d", text=HUGE_TOLL, date="2021-01-24")))
    assert inc.killed is None and inc.location  # the incident stays, with no toll
    assert find_casualties("Ils ont tué " + "9" * 5000 + " soldats.", "fr").killed is None
    assert find_casualties("Ils ont tué 10 000 000 soldats.", "fr").killed == 10_000_000
    assert find_casualties("Ils ont tué 10 000 001 soldats.", "fr").killed is None


FORMULA = ("=", "+", "-", "@", "\t", "\r")
FORMULA_TEXTS = st.tuples(st.sampled_from(FORMULA), articles).map("".join)


@settings(max_examples=100)
@given(texts=st.lists(st.one_of(articles, FORMULA_TEXTS), min_size=1, max_size=4))
@example(texts=["=HYPERLINK(\"http://x\") clashes near Raqqa killed 3", "-5 civils tués près d'al-Mayadin"])
@example(texts=[HUGE_TOLL])
def test_properties_acled_csv_of_hostile_articles(geoparser, texts):
    found = []
    for n, text in enumerate(texts):
        doc = Document(id=text[:20] or f"doc{n}", text=text, source=text[:30] or None, date="2021-01-24")
        found += extract_incidents(geoparser.parse(doc))
    event("incidents written: " + ("none" if not found else "some"))
    frame = incidents_frame(found)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "incidents.csv"
        write_incidents(frame, path)
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    assert len(rows) == len(found)
    numeric = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "latitude", "longitude",
               "geo_precision", "fatalities", "wounded", "killed_or_wounded", "start", "end", "confidence",
               "timestamp"}
    for row in rows:
        for column, cell in row.items():
            if column in numeric:
                assert cell == "" or math.isfinite(float(cell)), (column, cell)
            else:
                assert not cell.startswith(FORMULA), (column, cell)  # no cell a spreadsheet would run


# --------------------------------------------------------------------------------------------------
# every document accounted for


@settings(max_examples=200)
@given(st.lists(st.one_of(hostile_texts.map(lambda t: t.encode("utf-8")), st.binary(max_size=40)),
                min_size=1, max_size=6))
def test_properties_extract_one_record_per_document(geoparser, contents):
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for n, content in enumerate(contents):
            path = Path(tmp) / f"{n:02d}.txt"
            path.write_bytes(content)
            paths.append(str(path))
        out = list(extract_records(paths, geoparser=geoparser))
    assert [r["id"] for r in out] == [Path(p).name for p in paths]
    for record, content in zip(out, contents, strict=True):
        assert ("error" in record) == (expected_plain_text(content) is None)
        json.dumps(record, allow_nan=False)


# --------------------------------------------------------------------------------------------------
# the linear-time readings agree with their definitions

clause_pieces = st.sampled_from(["selon", "Selon", "d'après", "d’après", "according to", "according  to",
                                 "citing", "selonx", "xselon", "citingly", ",", ", ", " ", "une source",
                                 "à", "Raqqa", "\n", "_", "é", "n'", "ne ", "ne\t", "N'", "ne", "un", "n"])
clause_texts = st.lists(st.one_of(clause_pieces, noise), max_size=25).map("".join)


@settings(max_examples=500)
@given(clause_texts)
@example("selon")
@example("selonRaqqa, selon x")
@example("according to,")
def test_properties_attribution_agrees_with_its_pattern(text):
    attribution = _Attribution(text)
    for x in range(len(text) + 1):
        assert attribution(x) == bool(_ATTRIBUTION.search(text[:x])), (text, x)


@settings(max_examples=500)
@given(clause_texts)
@example("ils n'")
@example("ne \t \n")
@example("une ")
def test_properties_negation_agrees_with_its_pattern(text):
    for start in range(len(text) + 1):
        assert _negated(text, start) == bool(_NEGATION_BEFORE.search(text, 0, start)), (text, start)


class _View:
    def __init__(self, text):
        self.text, self.tokens = text, []


@settings(max_examples=500)
@given(
    text=st.lists(st.sampled_from(["Raqqa", "Tal Afar", ",", " ", "(", "-", "–", "\n", "x", "60 km"]),
                  max_size=20).map("".join),
    spans=st.lists(st.tuples(st.integers(0, 80), st.integers(1, 12), st.booleans(), st.sampled_from("PSAHR")),
                   max_size=8),
)
def test_properties_town_before_agrees_with_its_definition(text, spans):
    mentions = []
    for start, width, resolved, fclass in spans:
        start = min(start, len(text))
        end = min(len(text), start + width)
        mentions.append(Mention(start, end, text[start:end], lat=1.0 if resolved else None,
                                lon=1.0 if resolved else None, feature=f"{fclass}.X"))
    offsets = _Offsets(_View(text), mentions, [])
    for at in range(len(text) + 1):
        slow = any(m.resolved and m.feature[:1] in "PS" and m.end <= at
                   and text[m.end:at].strip() in (",", "(", "-", "–") for m in mentions)
        assert offsets.town_before(at) == slow, (text, at)


class _Place:
    geometry = None
    feature_class = "P"

    def __init__(self, lat, lon):
        self.lat, self.lon = lat, lon


points = st.tuples(st.floats(-90, 90), st.floats(-180, 180))


@settings(max_examples=300)
@given(
    named=st.lists(st.tuples(st.sampled_from(["a", "b", "c", "d"]), points), max_size=80),
    near=st.lists(points, min_size=1, max_size=10),
    query=st.sampled_from(["a", "b", "c", "d", "e"]),
    place=points,
)
def test_properties_sentence_neighbours_agree_with_the_plain_minimum(named, near, query, place):
    # points clustered near the place, so that the nearest is often within the scale and measured exactly
    named = named + [("e" if n % 2 else "a", (max(-90.0, min(90.0, place[0] + p[0] / 100)),
                                             max(-180.0, min(180.0, place[1] + p[1] / 100))))
                     for n, p in enumerate(near)]
    sentence = _SentencePoints()
    for q, pt in named:
        sentence.add(q, pt)
    others = [pt for q, pt in named if q != query]
    got = sentence.without(query)
    assert bool(got) == bool(others)
    if not others:
        return
    target = _Place(*place)
    slow = min(_distance_km(target, pt) for pt in others)
    if isinstance(got, list):
        fast = min(_distance_km(target, pt) for pt in got)
    else:
        fast = got.nearest_km(target)
    if slow <= _LOCAL_SCALE_KM + 1.0:
        assert fast == slow
    else:
        assert fast > _LOCAL_SCALE_KM and min(1.0, fast / _LOCAL_SCALE_KM) == min(1.0, slow / _LOCAL_SCALE_KM)


def test_properties_long_tokens_strategy_reaches_ten_thousand_characters():
    # the strategies promise tokens up to 10,000 characters: check the bound is reachable and kept
    lengths = []

    @settings(max_examples=50)
    @given(long_tokens)
    def collect(token):
        lengths.append(len(token))

    collect()
    assert 5_000 <= max(lengths) <= 10_000
