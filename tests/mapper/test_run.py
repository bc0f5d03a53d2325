"""Tests of mapper/run.py: corpus runs on a real Dask cluster (outputs, failures, resume), the bag and
dataframe API, and the corpus-wide merge of incidents."""

import copy
import base64
import csv
import gzip
import json
import math
import re
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapper.cli import main
from mapper.examples import example_paths
from mapper.exc import MapperInputError
from mapper.incidents import Incident, merge_duplicates
from mapper.incidents.model import ACLED_COLUMNS, EXTRA_COLUMNS, assign_event_ids
from tests.conftest import SEEDS

distributed = pytest.importorskip("distributed")

from mapper import run as mrun  # noqa: E402

SEED_FILES = sorted(SEEDS.glob("*.txt"))
needs_seeds = pytest.mark.skipif(len(SEED_FILES) < 4, reason="../shared/seeds absent")

BROKEN = "broken.txt"
JSONL_IDS = [f"example-{p.stem}" for p in example_paths()]
NEW_ARTICLE = ("date 2021-06-08\nA roadside bomb struck an army patrol near Tikrit on Monday, "
               "killing three soldiers.\n")


@pytest.fixture(scope="module")
def dask_client(default_store):
    """A real two-worker cluster (processes, one thread each), shared by the module's tests."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        with distributed.Client(cluster, set_as_default=False) as client:
            yield client


def make_corpus(root):
    """The four seeds, the examples as JSON Lines with ids, and one binary file named .txt."""
    root.mkdir()
    for path in SEED_FILES:
        shutil.copy(path, root / path.name)
    with open(root / "articles.jsonl", "w", encoding="utf-8") as fh:
        for doc_id, path in zip(JSONL_IDS, example_paths(), strict=True):
            record = {"id": doc_id, "text": path.read_text(encoding="utf-8"), "url": f"https://example.org/{doc_id}"}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    (root / BROKEN).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x01binary")
    return root


def input_ids():
    return {p.name for p in SEED_FILES} | set(JSONL_IDS)


@pytest.fixture
def corpus(tmp_path):
    return make_corpus(tmp_path / "corpus")


def read_failures(outdir):
    return [json.loads(line) for line in (outdir / "failures.jsonl").read_text(encoding="utf-8").splitlines()]


def snapshot(outdir):
    return {p.relative_to(outdir).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in outdir.rglob("*") if p.is_file() and p.name not in ("failures.jsonl", ".lock")}


def documents_table(outdir):
    return mrun._read_parts(outdir, "documents")


# ----------------------------------------------------------------------------- the run on a real cluster


@needs_seeds
# dask's Parquet reader calls reset_index(inplace=True), which pandas 3.1 deprecates
@pytest.mark.filterwarnings("ignore:The inplace keyword in GeoDataFrame.reset_index:DeprecationWarning")
def test_run_corpus_writes_geoparquet_csv_and_failures(dask_client, corpus, tmp_path, capsys):
    import dask_geopandas
    import geopandas

    out = tmp_path / "out"
    summary = mrun.run_corpus([corpus], out, client=dask_client, ner=False, partition_size=3, progress=True)
    assert (summary.processed, summary.failed, summary.skipped, summary.partitions) == (7, 1, 0, 3)
    assert str(summary) == "7 documents processed, 1 failed"
    assert " articles/s" in capsys.readouterr().err

    mentions = dask_geopandas.read_parquet(out / "mentions").compute()
    assert isinstance(mentions, geopandas.GeoDataFrame) and mentions.crs == "EPSG:4326"
    assert len(mentions) == summary.mentions > 0
    assert set(mentions["doc_id"]) <= input_ids()
    placed = mentions[mentions.geometry.notna()]
    assert placed.geometry.representative_point().y.between(-90, 90).all()
    abu_kamal = mentions[mentions["text"] == "Abou Kamal"]
    assert abu_kamal["lon"].iloc[0] == pytest.approx(40.92, abs=0.1)  # lon, lat order in the geometry
    assert abu_kamal.geometry.iloc[0].x == pytest.approx(abu_kamal["lon"].iloc[0])

    incidents = geopandas.read_parquet(out / "incidents")
    assert incidents.crs == "EPSG:4326" and len(incidents) == summary.incidents > 0
    assert list(incidents.columns[:31]) == ACLED_COLUMNS

    with open(out / "incidents.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert reader.fieldnames == ACLED_COLUMNS + EXTRA_COLUMNS
    assert 0 < len(rows) == summary.merged_incidents <= len(incidents)
    assert len({r["event_id_cnty"] for r in rows}) == len(rows)
    assert all(re.fullmatch(r"[A-Z]{3}[0-9]+", r["event_id_cnty"]) for r in rows)
    assert {r["event_id_cnty"][:3] for r in rows} >= {"SYR", "IRQ"}

    # the map of the run: every merged incident, and the places mentioned
    page = (out / "map.html").read_text(encoding="utf-8")
    blob = re.search(r'<script type="application/json" id="[^"]+">([A-Za-z0-9+/=]+)</script>', page).group(1)
    data = json.loads(gzip.decompress(base64.b64decode(blob)))
    assert sorted(data["inc"]["id"]) == sorted(r["event_id_cnty"] for r in rows if r["latitude"])
    assert len(data["mentions"]["lat"]) == len(placed)

    failures = read_failures(out)
    assert len(failures) == 1
    assert failures[0]["id"] == BROKEN and failures[0]["path"].endswith(BROKEN)
    assert "binary file" in failures[0]["error"] and BROKEN in failures[0]["error"]

    documents = documents_table(out)
    assert documents["error"].isna().all()
    assert set(documents["doc_id"]) | {f["id"] for f in failures} == input_ids() | {BROKEN}
    assert documents["key"].is_unique and len(documents) == 7
    manifests = list((out / "_done").glob("*.json"))
    assert len(manifests) == 3
    for table in ("mentions", "incidents", "documents"):
        parts = sorted(p.name for p in (out / table).iterdir())
        assert parts == sorted(f"part-{m.stem}.parquet" for m in manifests)
    assert not [p for p in out.rglob("*.tmp")]


@needs_seeds
def test_run_corpus_rerun_does_no_work_then_does_the_new_article(dask_client, corpus, tmp_path, capsys):
    out = tmp_path / "out"
    first = mrun.run_corpus([corpus], out, client=dask_client, ner=False, partition_size=3)
    before = snapshot(out)
    csv_rows = (out / "incidents.csv").read_text(encoding="utf-8").count("\n")

    again = mrun.run_corpus([corpus], out, client=dask_client, ner=False, partition_size=3)
    assert (again.processed, again.failed, again.skipped, again.partitions) == (0, 1, 7, 0)
    assert str(again) == "0 documents processed, 1 failed, 7 skipped as already done"
    assert again.merged_incidents is None
    assert snapshot(out) == before  # same files, same bytes, not rewritten
    assert len(read_failures(out)) == 1
    assert " articles/s" not in capsys.readouterr().err  # no bar when standard error is not a terminal

    # renamed files, reordered lines and another partition size: content keys, not names
    seed = corpus / SEED_FILES[0].name
    seed.rename(corpus / "renamed.txt")
    lines = (corpus / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    (corpus / "articles.jsonl").write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    moved = mrun.run_corpus([corpus], out, client=dask_client, ner=False, partition_size=5)
    assert (moved.processed, moved.skipped, moved.partitions) == (0, 7, 0)
    assert snapshot(out) == before

    (corpus / "new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    grown = mrun.run_corpus([corpus], out, client=dask_client, ner=False, partition_size=3)
    assert (grown.processed, grown.failed, grown.skipped, grown.partitions) == (1, 1, 7, 1)
    documents = documents_table(out)
    assert len(documents) == first.processed + 1 and documents["key"].is_unique
    assert documents["doc_id"].is_unique
    assert (out / "incidents.csv").read_text(encoding="utf-8").count("\n") == csv_rows + 1
    assert len(list((out / "_done").glob("*.json"))) == first.partitions + 1


@needs_seeds
def test_run_corpus_unfinished_partition_is_redone_without_duplicates(dask_client, corpus, tmp_path):
    out = tmp_path / "out"
    mrun.run_corpus([corpus], out, client=dask_client, ner=False, partition_size=3)
    manifest = sorted((out / "_done").glob("*.json"))[0]
    lost = len(json.loads(manifest.read_text(encoding="utf-8"))["documents"])
    manifest.unlink()  # a run killed after the parts were written, before the manifest
    (out / "mentions" / "part-0123456789abcdef0123456789abcdef.parquet").write_bytes(b"left by a killed run")
    (out / "documents" / ".part-x.parquet.abc.tmp").write_bytes(b"half written")

    redo = mrun.run_corpus([corpus], out, client=dask_client, ner=False, partition_size=3)
    assert (redo.processed, redo.skipped, redo.partitions) == (lost, 7 - lost, 1)
    documents = documents_table(out)
    assert len(documents) == 7 and documents["key"].is_unique
    assert not (out / "mentions" / "part-0123456789abcdef0123456789abcdef.parquet").exists()
    assert not list(out.rglob("*.tmp"))
    parts = {p.name for p in (out / "mentions").iterdir()}
    assert parts == {f"part-{m.stem}.parquet" for m in (out / "_done").glob("*.json")}


@needs_seeds
def test_run_corpus_failed_partition_is_listed_then_retried(default_store, corpus, tmp_path, monkeypatch):
    """A partition whose task raises: each of its documents is listed as failed; the next run redoes it."""
    original = mrun._run_partition

    def flaky(items, config):
        if any(doc.id == JSONL_IDS[0] for _, doc in items):
            raise RuntimeError("worker lost")
        return original(items, config)

    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as cluster:
        with distributed.Client(cluster, set_as_default=False) as client:
            monkeypatch.setattr(mrun, "_run_partition", flaky)
            broken = mrun.run_corpus([corpus], out, client=client, ner=False, partition_size=3)
            failures = read_failures(out)
            lost = [f for f in failures if "partition failed" in f["error"]]
            assert len(lost) == 3 and JSONL_IDS[0] in {f["id"] for f in lost}
            assert all("RuntimeError: worker lost" in f["error"] and f["key"] for f in lost)
            assert (broken.processed, broken.failed) == (4, 4)
            assert not set(documents_table(out)["doc_id"]) & {f["id"] for f in lost}

            monkeypatch.setattr(mrun, "_run_partition", original)
            retried = mrun.run_corpus([corpus], out, client=client, ner=False, partition_size=3)
    assert (retried.processed, retried.failed, retried.skipped) == (3, 1, 4)
    assert [f["id"] for f in read_failures(out)] == [BROKEN]
    assert set(documents_table(out)["doc_id"]) == input_ids()


# ----------------------------------------------------------------------------- settings and errors


@pytest.mark.parametrize("kwargs, message", [
    ({"workers": 0}, "workers must be a positive integer"),
    ({"partition_size": 0}, "partition_size must be a positive integer"),
    ({"workers": 2, "scheduler": "tcp://127.0.0.1:8786"}, "at most one of"),
    ({"scheduler": " "}, "scheduler must be an address"),
    ({"ner": "maybe"}, "ner must be True, False or 'auto'"),
    ({"text_column": ""}, "text_column must be a non-empty string"),
])
def test_run_corpus_bad_settings(tmp_path, kwargs, message):
    with pytest.raises(MapperInputError, match=message):
        mrun.run_corpus([tmp_path], tmp_path / "out", **kwargs)


def test_run_corpus_bad_output_directory(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(MapperInputError, match="output directory is a file"):
        mrun.run_corpus([tmp_path / "corpus"], tmp_path / "file")
    with pytest.raises(MapperInputError, match="inside the input directory"):
        mrun.run_corpus([tmp_path / "corpus"], tmp_path / "corpus" / "out")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(MapperInputError, match="not empty and holds no corpus run"):
        mrun.run_corpus([tmp_path / "corpus"], tmp_path / "other")
    (tmp_path / "old").mkdir()
    old_run = json.dumps({"version": "mapper-run/0 ner=True"})
    (tmp_path / "old" / "_run.json").write_text(old_run, encoding="utf-8")
    assert mrun._check_marker(tmp_path / "old", "mapper-run/1 ner=False")  # nothing done yet: taken over
    (tmp_path / "old" / "_done").mkdir()
    (tmp_path / "old" / "_done" / "0123.json").write_text("{}", encoding="utf-8")
    with pytest.raises(MapperInputError, match="made with other settings"):
        mrun.run_corpus([tmp_path / "corpus"], tmp_path / "old", ner=False)
    assert (tmp_path / "other" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_run_corpus_unreachable_scheduler(tmp_path, monkeypatch):
    monkeypatch.setattr(mrun, "_CONNECT_TIMEOUT", "1s")
    (tmp_path / "corpus").mkdir()
    with pytest.raises(MapperInputError, match="cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'"):
        mrun.run_corpus([tmp_path / "corpus"], tmp_path / "out", scheduler="tcp://127.0.0.1:9")


def test_document_key_is_content_not_name():
    from mapper.documents import Document

    text = "date 2021-01-24\nClashes near Abu Kamal."
    a = Document.from_text(text, id="a.txt", path="/x/a.txt")
    b = Document.from_text(text, id="feed.jsonl:7", path="/y/feed.jsonl")
    c = Document.from_text(text, id="a.txt", url="https://example.org/a")
    assert mrun.document_key(a) == mrun.document_key(b) != mrun.document_key(c)
    assert len(mrun.document_key(a)) == 32


# ----------------------------------------------------------------------------- the command


@needs_seeds
def test_cli_run_local_cluster_then_scheduler(dask_client, corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(corpus), "-o", str(out), "--workers", "1", "--no-ner", "--partition-size", "4",
                 "--quiet"]) == 1
    stdout, stderr = capsys.readouterr()
    assert stdout.startswith("7 documents processed, 1 failed in ")
    assert f"failures listed in {out / 'failures.jsonl'}" in stdout
    assert "articles/s" not in stderr
    assert len(list((out / "_done").glob("*.json"))) == 2

    address = dask_client.scheduler.address
    assert main(["run", str(corpus), "-o", str(out), "--scheduler", address, "--no-ner", "--quiet"]) == 1
    again = capsys.readouterr().out
    assert again.startswith("0 documents processed, 1 failed, 7 skipped as already done in ")


def test_cli_run_errors(tmp_path, capsys):
    assert main(["run", str(tmp_path), "-o", str(tmp_path / "out"), "--workers", "0"]) == 2
    assert "mapper: error: workers must be a positive integer, not 0" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["run", str(tmp_path), "-o", str(tmp_path / "out"), "--workers", "1", "--scheduler", "tcp://h:1"])
    assert "not allowed with argument" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["run", str(tmp_path)])
    assert "-o/--output" in capsys.readouterr().err


# ----------------------------------------------------------------------------- bags and dataframes


@needs_seeds
def test_process_bag_and_to_frames(dask_client):
    import dask.bag as db
    import dask.dataframe as dd
    import geopandas
    import pandas as pd

    texts = [p.read_text(encoding="utf-8") for p in SEED_FILES]
    items = [*texts[:2], {"id": "rec", "text": texts[2], "date": "2021-01-24"}, 42, "  "]
    bag = db.from_sequence(items, npartitions=2)

    records = dask_client.gather(dask_client.compute(mrun.process_bag(bag)))
    assert [r["id"] for r in records] == ["0:0", "0:1", "rec", "1:0", "1:1"]
    assert [("error" in r) for r in records] == [False, False, False, True, True]
    assert "expected a string, a mapping or a Document, not int" in records[3]["error"]
    assert records[2]["date"] == "2021-01-24" and records[0]["toponyms"] and records[0]["events"]

    frames = mrun.to_frames(bag)
    mentions, incidents, documents = dask_client.gather(dask_client.compute(list(frames)))
    assert isinstance(mentions, geopandas.GeoDataFrame) and mentions.crs == "EPSG:4326"
    assert set(mentions["doc_id"]) == {"0:0", "0:1", "rec"}
    assert isinstance(incidents, geopandas.GeoDataFrame) and len(incidents) > 0
    assert list(documents["doc_id"]) == ["0:0", "0:1", "rec", "1:0", "1:1"]
    assert documents["error"].notna().tolist() == [False, False, False, True, True]

    table = pd.DataFrame({"id": ["s0", "s1", None], "text": texts[:2] + [None],
                          "date": ["2021-01-20", None, None]}, index=[10, 11, 12])
    frames = mrun.to_frames(dd.from_pandas(table, npartitions=2))
    assert frames.mentions.crs == "EPSG:4326"
    mentions, incidents, documents = dask_client.gather(dask_client.compute(list(frames)))
    assert set(mentions["doc_id"]) == {"s0", "s1"}
    assert documents.set_index("doc_id")["error"].notna().to_dict() == {"s0": False, "s1": False, "12": True}
    assert "empty document" in documents["error"].dropna().iloc[0]

    merged = mrun.merge_incidents(incidents)
    assert list(merged.columns) == ACLED_COLUMNS + EXTRA_COLUMNS + ["geometry"]
    assert merged["event_id_cnty"].is_unique and 0 < len(merged) <= len(incidents)

    with pytest.raises(MapperInputError, match="must be a Dask bag or dataframe, not list"):
        mrun.to_frames(items)


# ----------------------------------------------------------------------------- merging across the corpus

PLACES = [(35.01982, 40.45154), (34.45226, 40.91854), (35.10, 40.45), (35.24, 40.45), (33.5, 36.3)]
TYPES = [("Battles", "Armed clash"), ("Battles", "Armed clash"),
         ("Explosions/Remote violence", "Air/drone strike")]
DATES = ["2021-01-23", "2021-01-24", "2021-01-25", "2021-01-27", "2021-01", None, "2021-01-24T10:00"]

incident_st = st.builds(
    lambda doc, place, kind, date, killed, precision: Incident(
        event_type=kind[0], sub_event_type=kind[1], date=date, time_precision=1 if date else 3,
        lat=None if place is None else place[0], lon=None if place is None else place[1], killed=killed,
        geo_precision=precision, doc_id=doc, sources=[doc], iso_country="SY", country="Syria", location="x",
    ),
    st.sampled_from(["a", "b", "c", "d"]), st.sampled_from([*PLACES, None]), st.sampled_from(TYPES),
    st.sampled_from(DATES), st.sampled_from([None, 0, 2, 5]), st.sampled_from([1, 2, 3]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(incident_st, max_size=25))
def test_merge_indexed_same_as_merge_duplicates(incidents):
    expected = merge_duplicates(copy.deepcopy(incidents))
    got = mrun._merge_indexed(copy.deepcopy(incidents))
    assert [i.to_acled() for i in got] == [i.to_acled() for i in expected]


def test_merge_incidents_round_trip_through_a_part():
    a = Incident("Battles", "Armed clash", date="2021-01-24", lat=35.0198, lon=40.4515, killed=None,
                 wounded=3, doc_id="b", sources=["b"], iso_country="SY", country="Syria", inter1=2,
                 actor1="X")
    b = Incident("Battles", "Armed clash", date="2021-01-25", lat=35.05, lon=40.45, killed=4, doc_id="a",
                 sources=["a"], iso_country="SY", country="Syria", geo_precision=2, civilian_targeting=True)
    c = Incident("Protests", "Peaceful protest", date=None, lat=None, lon=None, doc_id="c", sources=["c"],
                 iso_country="AF")
    part = mrun._incident_table([a, b, c])
    assert list(part.columns) == ACLED_COLUMNS + EXTRA_COLUMNS + ["iso_country", "killed", "geometry"]
    merged = mrun.merge_incidents(part)
    from mapper.frames import incidents_frame

    ordered = sorted(copy.deepcopy([a, b, c]), key=lambda i: (i.date or "", i.doc_id, i.start))
    expected = incidents_frame(assign_event_ids(merge_duplicates(ordered)))
    assert merged.drop(columns="geometry").astype(str).values.tolist() == \
        expected.drop(columns="geometry").astype(str).values.tolist()
    assert sorted(merged["event_id_cnty"]) == ["AF1", "SYR1"]
    battle = merged[merged["event_type"] == "Battles"].iloc[0]
    assert battle["fatalities"] == 4  # the lowest toll
    assert battle["sources"] == "b; a"  # the report dated the 24th first
    assert math.isclose(battle.geometry.y, 35.0198) and math.isclose(battle.geometry.x, 40.4515)


@needs_seeds
def test_run_corpus_lists_documents_with_the_same_content(dask_client, corpus, tmp_path):
    first = SEED_FILES[0].name
    shutil.copy(corpus / first, corpus / "copy-of-first.txt")
    out = tmp_path / "out"
    summary = mrun.run_corpus([corpus], out, client=dask_client, ner=False, partition_size=4)
    assert summary.duplicates == 1
    duplicates = [json.loads(line) for line in (out / "duplicates.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(duplicates) == 1
    dup = duplicates[0]
    # whichever of the two the reader met first is the one processed; the other names it
    assert {dup["id"], dup["same_as"]} == {first, "copy-of-first.txt"}
    assert dup["path"].endswith(dup["id"])
    # every document accounted for: processed, failed or listed as a duplicate
    documents = set(documents_table(out)["doc_id"])
    failed = {f["id"] for f in read_failures(out)}
    assert documents | failed | {dup["id"]} == input_ids() | {BROKEN, "copy-of-first.txt"}
    assert dup["id"] not in documents
    # a rerun does no work (the copy is skipped as done: its content is), and the list stays
    again = mrun.run_corpus([corpus], out, client=dask_client, ner=False, partition_size=4)
    assert again.processed == 0 and again.duplicates == 0 and again.skipped == len(input_ids()) + 1
    assert [json.loads(x) for x in (out / "duplicates.jsonl").read_text(encoding="utf-8").splitlines()] == duplicates
