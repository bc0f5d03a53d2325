import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
import warnings

import pytest

from gazetteer.exc import GazetteerSourceError, GazetteerStoreError, GazetteerWarning
from gazetteer.match import Matcher
from gazetteer.sources.overlay import iter_overlay
from gazetteer.store import Source, added_sources, build_store, open_store, register_file

from ..conftest import write_overlay


def _names(store, query):
    return [c.place.name for c in Matcher(store).candidates(query, limit=5)]


def test_store_builds_and_answers(tmp_path, tiny_sources):
    store = open_store(tmp_path / "g.sqlite", sources=tiny_sources)
    assert len(store) == 4
    assert _names(store, "Abou Kamal")[0] == "Albu Kamal"
    assert store.get("tiny:tanf").feature_code == "MILB"
    assert store.stats["sources"]["tiny"]["read"] == 4


def test_store_reused_when_sources_unchanged(tmp_path, tiny_sources):
    path = tmp_path / "g.sqlite"
    open_store(path, sources=tiny_sources)
    before = path.stat().st_mtime_ns
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        open_store(path, sources=tiny_sources)
    assert path.stat().st_mtime_ns == before


def test_store_rebuilt_when_a_source_changes(tmp_path, tiny_sources):
    path = tmp_path / "g.sqlite"
    open_store(path, sources=tiny_sources)
    csv_path = tiny_sources[0].files[0]
    write_overlay(csv_path, rows=[("x", "Rukban", "Rukban camp", 33.29, 38.69, "S", "CMPRF", "SY", 0)])
    store = open_store(path, sources=tiny_sources)
    assert len(store) == 1
    assert _names(store, "Rukban") == ["Rukban"]


@pytest.mark.parametrize(
    "damage",
    ["garbage", "truncated", "unfinished", "empty"],
)
def test_store_damaged_file_rebuilt_with_a_warning(tmp_path, tiny_sources, damage):
    path = tmp_path / "g.sqlite"
    open_store(path, sources=tiny_sources)
    if damage == "garbage":
        path.write_bytes(b"this is not a database" * 1000)
    elif damage == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif damage == "unfinished":
        con = sqlite3.connect(path)
        con.execute("DELETE FROM meta WHERE key = 'complete'")
        con.commit()
        con.close()
    else:
        path.write_bytes(b"")
    with pytest.warns(GazetteerWarning, match="rebuilding"):
        store = open_store(path, sources=tiny_sources)
    assert _names(store, "Mayadine")[0] == "Al Mayadin"


def test_store_missing_without_build_raises(tmp_path, tiny_sources):
    with pytest.raises(GazetteerStoreError, match="missing"):
        open_store(tmp_path / "none.sqlite", sources=tiny_sources, build=False)


def test_store_leftover_partial_files_removed(tmp_path, tiny_sources):
    path = tmp_path / "g.sqlite"
    leftover = tmp_path / ".g.sqlite.abc123.building"
    leftover.write_bytes(b"half a database")
    open_store(path, sources=tiny_sources)
    assert not leftover.exists()


def _big_csv(path, n):
    rows = [(f"p{i}", f"Village {i} Qaryat", f"Qaryat {i}|Karyat {i}", 30 + i % 600 / 100, 36 + i % 900 / 100,
             "P", "PPL", "SY", i) for i in range(n)]
    return write_overlay(path, rows)


def _child_build(path, csv_path, log_path, barrier=None):
    from gazetteer.store import Source, open_store

    def load(s):
        with open(log_path, "a") as fh:
            fh.write(f"{os.getpid()}\n")
        return s.extend(iter_overlay(csv_path, id_prefix="big"))

    if barrier is not None:
        barrier.wait(60)  # both start together...
        with open(str(log_path) + ".before", "a") as fh:
            fh.write(f"{'present' if os.path.exists(path) else 'missing'}\n")  # ... and find no store
    store = open_store(path, sources=[Source("big", (csv_path,), load)])
    assert len(store) > 0


def test_store_two_builds_at_once(tmp_path):
    from gazetteer.store import _check, fingerprint

    csv_path = _big_csv(tmp_path / "big.csv", 20000)
    path, log_path = tmp_path / "g.sqlite", tmp_path / "builds.log"
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=_child_build, args=(path, csv_path, log_path, barrier)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    # both asked for the store while it did not exist: without the lock both would have built it
    assert (tmp_path / "builds.log.before").read_text().split() == ["missing", "missing"]
    assert len(log_path.read_text().split()) == 1  # one built, the other waited and reused it
    sources = [Source("big", (csv_path,), lambda s: s.extend(iter_overlay(csv_path, id_prefix="big")))]
    assert _check(path, fingerprint(sources)) == "ok"  # complete, the size it was written at
    assert not list(tmp_path.glob(".g.sqlite.*.building"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "rebuilding" warning: the file is whole
        store = open_store(path, sources=sources)
    assert len(store) == 20000


def test_store_killed_build_is_redone(tmp_path):
    csv_path = _big_csv(tmp_path / "big.csv", 60000)
    path = tmp_path / "g.sqlite"
    code = (
        "import sys; from gazetteer.store import Source, open_store; "
        "from gazetteer.sources.overlay import iter_overlay; "
        f"p = {str(csv_path)!r}; "
        f"open_store({str(path)!r}, sources=[Source('big', (p,), lambda s: s.extend(iter_overlay(p, id_prefix='big')))])"
    )
    child = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(tmp_path.glob(".g.sqlite.*.building")):
        if child.poll() is not None:
            pytest.fail("the build finished before it could be interrupted")
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert list(tmp_path.glob(".g.sqlite.*.building")), "the kill landed after the build"
    assert not path.exists()
    store = open_store(path, sources=[Source("big", (csv_path,), lambda s: s.extend(iter_overlay(csv_path, id_prefix="big")))])
    assert len(store) == 60000
    assert not list(tmp_path.glob(".g.sqlite.*.building"))


def test_store_register_overlay_then_rebuild(tmp_path, tiny_sources):
    cache = tmp_path / "cache"
    extra = write_overlay(tmp_path / "my sites.csv",
                          rows=[("hol", "Al-Hol camp", "al-Hawl camp|camp d'al-Hol", 36.38, 41.15, "S", "CMPRF", "SY", 0)])
    entry = register_file(extra, cache_dir=cache)
    assert entry["kind"] == "overlay" and entry["places"] == 1
    manifest = json.loads((cache / "added" / "manifest.json").read_text())
    assert manifest[0]["label"] == "my-sites"
    extra.unlink()  # the store keeps its own copy
    store = open_store(cache / "g.sqlite", sources=tiny_sources + added_sources(cache))
    assert len(store) == 5
    assert _names(store, "al-Hawl camp")[0] == "Al-Hol camp"


def test_store_register_broken_file_changes_nothing(tmp_path):
    cache = tmp_path / "cache"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon\nSomewhere,95.0,40.0\n", encoding="utf-8")
    with pytest.raises(GazetteerSourceError, match="bad.csv"):
        register_file(bad, cache_dir=cache)
    assert not (cache / "added").exists()
    with pytest.raises(GazetteerSourceError, match="no such file"):
        register_file(tmp_path / "missing.csv", cache_dir=cache)


def test_store_build_returns_counts(tmp_path, tiny_sources):
    stats = build_store(tmp_path / "g.sqlite", tiny_sources)
    assert stats["places"] == 4 and stats["names"] > 4 and stats["seconds"] >= 0


def test_store_is_read_only_and_shareable(tmp_path, tiny_sources):
    store = open_store(tmp_path / "g.sqlite", sources=tiny_sources)
    with pytest.raises(sqlite3.OperationalError):
        store._con().execute("DELETE FROM places")
    import pickle

    again = pickle.loads(pickle.dumps(store))
    assert len(again) == len(store)


def test_store_source_with_unreadable_file_fails_clearly(tmp_path):
    missing = tmp_path / "nope.csv"
    sources = [Source("nope", (missing,), lambda s: s.extend(iter_overlay(missing)))]
    with pytest.raises(GazetteerSourceError, match="nope.csv"):
        open_store(tmp_path / "g.sqlite", sources=sources)
    assert not (tmp_path / "g.sqlite").exists()


def test_store_known_forms_agree_with_the_names_table(tmp_path, tiny_sources):
    """The in-memory check never turns away a form the table holds, and rejects the others."""
    store = open_store(tmp_path / "g.sqlite", sources=tiny_sources)
    con = sqlite3.connect(store.path)
    rows = con.execute("SELECT DISTINCT level, form FROM names").fetchall()
    con.close()
    assert rows and all(store.known(level, form) for level, form in rows)
    held = set(rows)
    absent = [(level, form + "zq") for level, form in rows] + [(3, rows[0][1]), (0, "nowhere at all")]
    assert not any(store.known(level, form) for level, form in absent if (level, form) not in held)
    # a name no place bears is answered without a query, and the answer is the same
    assert _names(store, "Nowhere At All") == []
