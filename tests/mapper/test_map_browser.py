"""Incident maps opened in headless Chromium: what a reader sees, and that nothing in the data runs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import SEEDS

ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "test-artifacts"

_COUNT_MARKS = """() => {
    const clusters = [...document.querySelectorAll('.leaflet-marker-pane .marker-cluster')]
        .map(e => parseInt(e.textContent, 10));
    const singles = document.querySelectorAll('.leaflet-marker-pane .em-incident').length;
    return {clusters: clusters.reduce((a, b) => a + b, 0), nclusters: clusters.length, singles: singles};
}"""


def _em(opened, expr: str):
    return opened.eval(f"() => {{ const em = document.querySelector('.folium-map').eventMap; return {expr}; }}")


@pytest.fixture(scope="module")
def seeds_map(tmp_path_factory, default_store):
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent")
    from mapper.maps import EventMap
    from mapper.pipeline import Geoparser

    geoparser = Geoparser(store=default_store, ner=False)
    emap = EventMap.from_articles(sorted(SEEDS.glob("*.txt")), geoparser=geoparser, offline=True,
                                  title="Seed reports", store=default_store)
    path = tmp_path_factory.mktemp("seedmap") / "seeds.html"
    emap.save(path)
    return path, emap.incidents


def test_seeds_offline_map_draws_every_incident_with_legend_layers_and_slider(seeds_map, open_map):
    path, incidents = seeds_map
    assert len(incidents) >= 5
    opened = open_map(path)
    page = opened.page
    assert page.get_attribute(".folium-map", "data-eventmap-error") is None
    page.wait_for_timeout(300)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "seeds-map.png"))

    # One mark or one cluster per incident: the clusters' counts and the single marks add up to all of them.
    marks = opened.eval(_COUNT_MARKS)
    assert marks["clusters"] + marks["singles"] == len(incidents), marks
    assert _em(opened, "em.shown") == len(incidents)

    # The legend lists each event type present, with its count.
    rows = page.locator(".em-legend-row")
    types = incidents["event_type"].value_counts()
    assert rows.count() == len(types)
    legend = {rows.nth(i).locator(".em-legend-label").inner_text(): int(rows.nth(i).locator(".em-legend-count")
                                                                       .inner_text().replace(",", ""))
              for i in range(rows.count())}
    assert legend == types.to_dict()

    # The layer control holds every layer.
    overlays = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    names = {t.strip() for t in overlays}
    assert {"Incidents", "Heat map (weighted by fatalities)", "Uncertainty (precision 2 and 3)", "Places mentioned",
            "Roads, rivers and areas named", "Incidents per governorate", "Fatalities per governorate"} <= names
    bases = {t.strip() for t in page.locator(".leaflet-control-layers-base label").all_inner_texts()}
    assert bases == {"Borders (offline)"}
    # an uncertainty circle around each incident of precision 2 or 3
    assert _em(opened, "em.refs.circles.getLayers().length") == int((incidents["geo_precision"] > 1).sum()) > 0

    # The time slider: at its first day only that day's incidents (and undated ones) stay.
    slider = page.locator("input.em-range")
    assert slider.count() == 1
    first = int(slider.get_attribute("min"))
    dates = pd.to_datetime(incidents["event_date"].replace("", None), errors="coerce")
    first_day = pd.Timestamp(first * 86400, unit="s")
    expected = int(((dates <= first_day) | dates.isna()).sum())
    slider.evaluate("(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input')); }", first)
    assert _em(opened, "em.shown") == expected < len(incidents)
    slider.evaluate("(el) => { el.value = el.max; el.dispatchEvent(new Event('input')); }")
    assert _em(opened, "em.shown") == len(incidents)

    # A type unticked in the legend leaves the map.
    top_type = rows.nth(0).locator(".em-legend-label").inner_text()
    rows.nth(0).locator("input").uncheck()
    assert _em(opened, "em.shown") == len(incidents) - types[top_type]
    rows.nth(0).locator("input").check()

    # Search a place: its incident's popup opens, with the place marked in the sentence.
    location = incidents["location"].iloc[0]
    box = page.locator(".em-search-input")
    box.fill(location)
    box.press("Enter")
    page.wait_for_selector(".leaflet-popup-content .em-popup", timeout=10_000)
    popup = page.locator(".leaflet-popup-content").inner_text()
    assert "Date" in popup and "Killed" in popup and "Place" in popup
    page.wait_for_timeout(400)
    page.screenshot(path=str(ARTIFACTS / "seeds-map-popup.png"))

    assert opened.errors == []
    assert opened.requests == []  # offline: not one request leaves the file


def test_popup_marks_the_place_in_the_source_sentence(seeds_map, open_map):
    path, incidents = seeds_map
    opened = open_map(path)
    with_marks = [i for i in range(len(incidents)) if _em(opened, f"em.inc.hl[{i}]")]
    assert with_marks, "no incident sentence names its place"
    i = with_marks[0]
    opened.eval(f"() => document.querySelector('.folium-map').eventMap.openPopup({i})")
    marked = opened.page.locator(".leaflet-popup-content mark").all_inner_texts()
    assert marked
    note = opened.page.locator(".leaflet-popup-content .em-note").inner_text()
    assert all(m in note for m in marked)
    assert opened.errors == []


def test_places_mentioned_layer_toggles_on_from_the_layer_control(seeds_map, open_map):
    path, _ = seeds_map
    opened = open_map(path)
    page = opened.page
    assert _em(opened, "em.map.hasLayer(em.refs.mentions)") is False
    assert _em(opened, "em.refs.mentions.getLayers().length") > 0
    page.hover(".leaflet-control-layers")
    page.locator(".leaflet-control-layers-overlays label", has_text="Places mentioned").locator("input").check()
    assert _em(opened, "em.map.hasLayer(em.refs.mentions)") is True
    assert opened.errors == []


# ----------------------------------------------------------------------------- hostile text

#: What a scraped article or a table cell may carry. ``alert`` opens a dialog; the others set a flag.
XSS_PAYLOADS = [
    "<img src=x onerror=\"window.__xss=(window.__xss||0)+1\">",
    "<script>window.__xss=1</script>",
    "</script><script>window.__xss=1</script>",
    "</SCRIPT><SCRIPT>alert('XSS')</SCRIPT>",
    "${window.__xss=1}",
    "`; window.__xss=1; `",
    "{{ 7*7 }}{% for x in [1] %}jinja{% endfor %}",
    "'\"><svg/onload=window.__xss=1>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">",
    "<BODY ONLOAD=alert('XSS')>",
    "<<SCRIPT>alert(\"XSS\");//<</SCRIPT>",
    "<SCRIPT/XSS SRC=\"http://xss.example/xss.js\"></SCRIPT>",
    "<STYLE>@import'http://xss.example/xss.css';</STYLE>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
    "<details open ontoggle=alert(1)>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "\u2028\u2029</title><script>window.__xss=1</script>",
    "\\u003cscript\\u003ewindow.__xss=1\\u003c/script\\u003e",
    "<!--<script>window.__xss=1</script>-->",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
]


def _hostile_frame():
    rows = []
    for i, p in enumerate(XSS_PAYLOADS):
        rows.append({
            "event_id_cnty": f"X{i}{p}", "event_date": f"2021-03-{1 + i % 28:02d}", "event_type": p if i % 3 == 0
            else "Battles", "sub_event_type": p, "actor1": p, "actor2": "Civilians " + p, "country": p, "admin1": p,
            "location": f"Place{i} {p}", "latitude": 34.0 + i * 0.05, "longitude": 38.0 + i * 0.05,
            "geo_precision": 2, "source": p, "notes": f"Attack at Place{i} {p} killed 3.", "fatalities": 3,
            "url": "javascript:window.__xss=1" if i % 2 else f"https://example.org/{p}",
        })
    return pd.DataFrame(rows)


def _hostile_mentions():
    import geopandas
    from shapely import Point

    from mapper.frames import MENTION_COLUMNS

    rows = [{"doc_id": p, "kind": "toponym", "start": 0, "end": 3, "text": p, "name": p, "place_id": None,
             "feature": p, "country": "SY", "admin1": p, "admin2": p, "lat": 35.0 + i * 0.01, "lon": 39.0,
             "precision": 1, "radius_km": 0.0, "score": 0.5, "reason": p, "sentence": "In " + p + " today",
             "caption": False, "alternatives": []} for i, p in enumerate(XSS_PAYLOADS)]
    return geopandas.GeoDataFrame(rows, columns=MENTION_COLUMNS,
                                  geometry=[Point(r["lon"], r["lat"]) for r in rows], crs="EPSG:4326")


def test_hostile_text_shows_as_text_and_nothing_runs(tmp_path, open_map, default_store):
    from mapper.maps import EventMap

    title = "Map </title><script>window.__xss=1</script> {{ 7*7 }} ${1+1} `x`"
    emap = EventMap(_hostile_frame(), _hostile_mentions(), offline=True, title=title, store=default_store)
    path = tmp_path / "hostile.html"
    emap.save(path)
    opened = open_map(path)
    page = opened.page
    assert page.get_attribute(".folium-map", "data-eventmap-error") is None
    n = len(XSS_PAYLOADS)
    assert _em(opened, "em.n") == n

    # Every popup, every tooltip, every mention popup, built and put in the page.
    texts = []
    for i in range(n):
        opened.eval(f"() => document.querySelector('.folium-map').eventMap.openPopup({i})")
        texts.append(page.locator(".leaflet-popup-content").inner_text())
        opened.eval(f"""() => {{ const em = document.querySelector('.folium-map').eventMap;
                        document.body.appendChild(em.tooltip({i})); document.body.appendChild(em.mentionPopup({i})); }}""")
    # Every place name through the search box.
    for i in range(0, n, 5):
        box = page.locator(".em-search-input")
        box.fill(f"Place{i} {XSS_PAYLOADS[i]}")
        box.press("Enter")
    # Every layer on.
    page.hover(".leaflet-control-layers")
    for label in page.locator(".leaflet-control-layers-overlays label").all():
        box = label.locator("input")
        if not box.is_checked():
            box.check()
    for link in page.locator(".em-source a").all():
        href = link.get_attribute("href")
        assert href.startswith("https://")
    page.wait_for_timeout(500)

    assert opened.eval("() => window.__xss") is None
    assert opened.dialogs == []
    assert opened.requests == []
    assert opened.errors == []
    # The text is there, as text: each payload reads back whole in its incident's popup.
    for i, p in enumerate(XSS_PAYLOADS):
        visible = p.replace("\u2028", "").replace("\u2029", "")
        assert visible.strip()[:20] in texts[i].replace("\u2028", "").replace("\u2029", ""), (i, p, texts[i])
    assert page.title() == title
    summary = page.locator(".em-summary .em-title").inner_text()
    assert "{{ 7*7 }}" in summary and "49" not in summary
    # The actor filter lists the hostile names as options' text.
    options = page.locator(".em-actor option").all_inner_texts()
    assert any(XSS_PAYLOADS[0] in o for o in options)


def test_time_slider_plays_through_the_dates_and_windows_them(tmp_path, open_map, default_store):
    from mapper.maps import EventMap

    days = pd.date_range("2021-03-01", periods=20, freq="D").strftime("%Y-%m-%d")
    frame = pd.DataFrame({"event_type": "Battles", "event_date": list(days) + [""], "fatalities": 1,
                          "latitude": [34.0 + i * 0.1 for i in range(21)], "longitude": 38.0,
                          "location": [f"P{i}" for i in range(21)]})
    path = tmp_path / "days.html"
    EventMap(frame, offline=True, store=default_store).save(path)
    opened = open_map(path)
    page = opened.page
    assert _em(opened, "em.shown") == 21
    page.select_option(".em-window", "1")  # that day only: the last day's incident and the undated one
    assert _em(opened, "em.shown") == 2
    page.select_option(".em-window", "0")
    page.click(".em-play")  # from the first day on, a step at a time
    page.wait_for_timeout(200)
    early = _em(opened, "em.shown")
    page.wait_for_timeout(1500)
    later = _em(opened, "em.shown")
    assert 2 <= early < later <= 21
    page.wait_for_function("() => document.querySelector('.folium-map').eventMap.until === "
                           "document.querySelector('.folium-map').eventMap.maxDay", timeout=15_000)
    assert _em(opened, "em.shown") == 21
    assert page.locator(".em-date").inner_text() == "until 2021-03-20"
    assert opened.errors == []


def test_large_map_makes_its_uncertainty_circles_when_the_layer_is_turned_on(tmp_path, open_map, default_store):
    import numpy as np

    from mapper.maps import EventMap
    from mapper.maps.eventmap import UNCERTAINTY_SHOWN_UP_TO

    n = UNCERTAINTY_SHOWN_UP_TO + 1
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"event_type": "Battles", "event_date": "2021-05-01", "fatalities": 0,
                          "latitude": rng.uniform(33, 37, n), "longitude": rng.uniform(36, 42, n),
                          "geo_precision": rng.choice([1, 2, 3], n)})
    path = tmp_path / "large.html"
    EventMap(frame, offline=True, store=default_store).save(path)
    opened = open_map(path)
    page = opened.page
    marks = opened.eval(_COUNT_MARKS)
    assert marks["clusters"] + marks["singles"] == n
    assert _em(opened, "em.circlesBuilt") is not True
    page.hover(".leaflet-control-layers")
    page.locator(".leaflet-control-layers-overlays label", has_text="Uncertainty").locator("input").check()
    assert _em(opened, "em.refs.circles.getLayers().length") == int((frame["geo_precision"] > 1).sum())
    assert opened.errors == []
