"""The broken-input corpus: every document of a run with broken inputs planted is accounted for.

Small broken files are kept in ``tests/data/broken/``; the big ones (a 20 MB article, a single
1,000,000-character line, a CSV field over the reader's limit) and the file-system oddities (a
symlink loop, a link to itself, a dangling link, unreadable files, a named pipe) are made at test
time. Each bad document must give one failure naming its file (and its line or row), each good
one must be geoparsed, the run must go on to the end, and ``mapper extract`` and ``mapper events``
must write the good output, list the failures on standard error and exit with status 1.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import time
from collections import Counter
from pathlib import Path

import pytest

from mapper.cli import main
from mapper.documents import Document, DocumentFailure, read_documents
from mapper.extract import extract_records

BROKEN = Path(__file__).resolve().parents[1] / "data" / "broken"

#: What each input of tests/data/broken gives: the failure's words after the file's name, or
#: None for a document that must be geoparsed. Keys are document ids: the file's path in the
#: corpus, "<file>:<n>" for a line or row, or the record's own id.
FIXED = {
    "arabic-windows-1256.txt": ": not valid UTF-8 (byte offset 0)",
    "archive.docx": ": binary file (ZIP archive or office document)",
    "blank.md": ": empty document",
    "bom-only.txt": ": empty document",
    "j1": None,
    "broken-lines.jsonl:2": ", line 2: invalid JSON (Expecting property name enclosed in double quotes "
                            "at column 2)",
    "broken-lines.jsonl:3": ", line 3: not a JSON object (got array)",
    "broken-lines.jsonl:4": ", line 4: no text field (looked for 'text', 'content', 'body')",
    "broken-lines.jsonl:5": ", line 5: field 'text' is not a string (got number)",
    "broken-lines.jsonl:6": ", line 6: empty document (field 'text' is null)",
    "broken-lines.jsonl:7": ", line 7: not valid UTF-8 (byte offset 311)",
    "broken-lines.jsonl:8": ", line 8: empty document",
    "broken-lines.jsonl:9": ", line 9: invalid JSON (nested too deeply)",
    "j10": None,
    "broken-lines.jsonl:11": ", line 11: invalid JSON (Unterminated string starting at column 10)",
    "compressed.jsonl": ": binary file (gzip archive)",
    "deeply-nested.htm": ": no main text: the HTML nests elements deeper than the parser's limit of 256",
    "deeply-nested.json": ": invalid JSON (nested too deeply)",
    "empty.txt": ": empty document",
    "=1+1": None,  # formulas.csv: a text and an id that start like spreadsheet formulas
    "-5": None,
    "good-en.txt": None,
    "good-fr.txt": None,
    "hostile-markup.htm": None,  # script, event handlers and javascript: links around a real article
    "image.png": ": binary file (PNG image)",
    "latin1.txt": ": not valid UTF-8 (byte offset 14)",
    "missing-text-column.csv": ": no text column (looked for 'text', 'content', 'body'; "
                               "columns: 'id', 'title', 'date')",
    "not-an-object.json": ": not a JSON object or list of objects (got string)",
    "nul-bytes.txt": ": binary file (NUL byte at byte offset 23)",
    "photo-named-as-text.txt": ": binary file (JPEG image)",
    "program": ": binary file (executable)",
    "r1": None,
    "r2": ", row 2 (line 4): missing column 'text' (the row has 1 of 4 columns)",
    "r3": ", row 3 (line 5): empty document",
    "r4": None,
    "ragged.csv:5": ", row 5 (line 8): not valid UTF-8 in column 'text'",
    "report.pdf": ": binary file (PDF)",
    "script-only.htm": ": no main text (nothing extracted from the HTML)",
    "truncated-utf8.txt": ": not valid UTF-8 (byte offset 61)",
    "truncated.json": ": invalid JSON (Unterminated string starting at line 1 column 22)",
    "utf16.txt": ": not valid UTF-8 (byte offset 0): looks like UTF-16; save it as UTF-8",
}
#: The file each id comes from, where it is not the id itself.
FILE_OF = {"j1": "broken-lines.jsonl", "j10": "broken-lines.jsonl", "=1+1": "formulas.csv",
           "-5": "formulas.csv", "r1": "ragged.csv", "r2": "ragged.csv", "r3": "ragged.csv",
           "r4": "ragged.csv", "wide1": "wide-field.csv", "ov1": "oversized-field.csv"}

SENTENCE = "Les combats se poursuivent près de Deir ez-Zor. "
MILLION_LINE = (SENTENCE * (1_000_000 // len(SENTENCE) + 1))[:1_000_000]
REPORT = "Une frappe aérienne près d'al-Mayadin a tué quatre civils, selon des sources locales. "
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
PROC_MEM = Path("/proc/self/mem")


def _proc_mem_unreadable() -> bool:
    try:
        with open(PROC_MEM, "rb") as fh:
            fh.read(1)
    except OSError:
        return True
    return False


def plant(corpus: Path) -> dict[str, str | None]:
    """Make the big and the file-system cases in `corpus`; return what each gives, as FIXED does."""
    expected: dict[str, str | None] = {}
    with open(corpus / "huge-20mb.txt", "wb") as fh:  # a 20 MB article: fails on its size, unread
        block = (REPORT * 2000).encode()
        for _ in range(20 * 1024 * 1024 // len(block) + 1):
            fh.write(block)
    expected["huge-20mb.txt"] = ": too large: "
    (corpus / "one-line-1m.txt").write_text(MILLION_LINE, encoding="utf-8")  # one line, no line break
    expected["one-line-1m.txt"] = None
    with open(corpus / "wide-field.csv", "w", encoding="utf-8", newline="") as fh:  # over csv's default limit
        csv.writer(fh).writerows([["id", "text"], ["wide1", REPORT * 3000]])
    expected["wide1"] = None
    with open(corpus / "oversized-field.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerows([["id", "text"], ["ov1", REPORT], ["ov2", "x" * 10_100_000]])  # over 2 x max_chars
    expected["ov1"] = None
    expected["oversized-field.csv"] = (": row 2 (line 3): line longer than 10065536 characters; "
                                       "rest of file skipped")
    if hasattr(os, "symlink"):
        os.symlink(corpus, corpus / "loop")  # back to the directory being walked
        expected["loop"] = ": symlink loop (leads back to "
        os.symlink(corpus / "self-link", corpus / "self-link")
        expected["self-link"] = ": symlink loop"
        os.symlink(corpus / "nowhere.txt", corpus / "dangling.txt")
        expected["dangling.txt"] = ": broken symlink"
        if PROC_MEM.exists() and _proc_mem_unreadable():  # unreadable whoever reads it, root included
            os.symlink(PROC_MEM, corpus / "unreadable.txt")
            expected["unreadable.txt"] = ": cannot read: Input/output error"
    secret = corpus / "secret.txt"
    secret.write_text(REPORT, encoding="utf-8")
    secret.chmod(0)
    # root reads a file whatever its mode: then it is a document like the others
    expected["secret.txt"] = None if ROOT else ": cannot read: Permission denied"
    if hasattr(os, "mkfifo"):
        os.mkfifo(corpus / "pipe.txt")  # a named pipe: not a file to read, and opening it would block
    return expected


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("broken") / "corpus"
    shutil.copytree(BROKEN, root)
    expected = {**FIXED, **plant(root)}
    yield root, expected
    (root / "secret.txt").chmod(0o644)


def path_of(root: Path, doc_id: str) -> Path:
    name = FILE_OF.get(doc_id) or doc_id.rsplit(":", 1)[0]
    return root / name


def check_failure(root: Path, doc_id: str, error: str, expected: str) -> None:
    path = path_of(root, doc_id)
    assert error.startswith(f"{path}{expected}"), (doc_id, error)


def test_broken_inputs_every_input_is_accounted_for_by_the_readers(corpus):
    root, expected = corpus
    start = time.perf_counter()
    items = list(read_documents([str(root)]))
    elapsed = time.perf_counter() - start
    ids = [item.id for item in items]
    assert Counter(ids) == Counter(list(expected))  # each input once: no document lost, none twice
    for item in items:
        assert item.path == str(path_of(root, item.id))
        if expected[item.id] is None:
            assert isinstance(item, Document), (item.id, getattr(item, "error", None))
        else:
            assert isinstance(item, DocumentFailure), item.id
            check_failure(root, item.id, item.error, expected[item.id])
    assert "pipe.txt" not in ids  # the named pipe is passed over, not opened
    assert elapsed < 30  # the 20 MB article fails on its size, unread


def test_broken_inputs_hostile_markup_gives_text_only(corpus):
    root, _ = corpus
    [doc] = read_documents([str(root / "hostile-markup.htm")])
    assert "al-Mayadin" in doc.text
    # the page's scripts, handlers, links and frames are markup, not text: none of them is read
    for payload in ("alert('page')", "document.cookie", "onerror", "onmouseover", "javascript:", "<iframe",
                    "<img", "data:text/html"):
        assert payload not in doc.text
    # what the article writes, escaped in its markup, is its text: kept, for outputs to escape
    assert "<script>alert('texte')</script>" in doc.text


def test_broken_inputs_extract_records_one_per_document(corpus, geoparser):
    root, expected = corpus
    start = time.perf_counter()
    records = list(extract_records([str(root)], geoparser=geoparser))
    elapsed = time.perf_counter() - start
    assert Counter(r["id"] for r in records) == Counter(list(expected))
    by_id = {r["id"]: r for r in records}
    for doc_id, fragment in expected.items():
        record = by_id[doc_id]
        if fragment is not None:
            check_failure(root, doc_id, record["error"], fragment)
            assert record["toponyms"] == [] and record["events"] == []
            continue
        assert "error" not in record, record["error"]
        assert any(t["lat"] is not None for t in record["toponyms"]), doc_id  # geoparsed
    million = by_id["one-line-1m.txt"]
    assert len(million["toponyms"]) == MILLION_LINE.count("Deir ez-Zor")
    assert {t["name"] for t in million["toponyms"]} == {million["toponyms"][0]["name"]}
    for doc_id in ("j1", "good-fr.txt", "r1", "=1+1"):  # the French report's attack
        assert [e["killed"] for e in by_id[doc_id]["events"]] == [3], doc_id
    # the page's headline ("Frappes près d'al-Mayadin") is an incident of its own, without a toll
    assert [e["killed"] for e in by_id["hostile-markup.htm"]["events"]] == [None, 3]
    for doc_id in ("j10", "good-en.txt", "r4", "-5"):  # the English report's clashes
        assert [(e["killed"], e["wounded"]) for e in by_id[doc_id]["events"]] == [(3, 5)], doc_id
    assert elapsed < 120  # the million-character line is read in seconds, not hours


def _failures(expected):
    return {doc_id: fragment for doc_id, fragment in expected.items() if fragment is not None}


def test_broken_inputs_cli_extract(corpus, default_store, tmp_path, capsys):
    root, expected = corpus
    out = tmp_path / "places.jsonl"
    assert main(["extract", "--no-ner", "-o", str(out), str(root)]) == 1
    err = capsys.readouterr().err.splitlines()
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert Counter(r["id"] for r in records) == Counter(list(expected))
    failures = _failures(expected)
    assert sum(1 for r in records if "error" in r) == len(failures)
    reported = [line for line in err if line.startswith(f"mapper: {root}")]
    assert len(reported) == len(failures)  # one line on standard error per failure
    for doc_id, fragment in failures.items():
        assert any(line.startswith(f"mapper: {path_of(root, doc_id)}{fragment}") for line in reported), doc_id
    n = len(expected)
    assert err[-1] == f"mapper: {n - len(failures)} of {n} documents geoparsed, {len(failures)} failed"


def test_broken_inputs_cli_events(corpus, default_store, tmp_path, capsys):
    root, expected = corpus
    out = tmp_path / "incidents.csv"
    assert main(["events", "--no-ner", "-o", str(out), str(root)]) == 1
    captured = capsys.readouterr()
    failures = _failures(expected)
    n = len(expected)
    assert f"from {n - len(failures)} documents written to {out}" in captured.out
    err = captured.err.splitlines()
    assert len([line for line in err if line.startswith(f"mapper: {root}")]) == len(failures)
    assert err[-1] == f"mapper: {n - len(failures)} of {n} documents read, {len(failures)} failed"
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and {r["event_type"] for r in rows} <= {"Battles", "Violence against civilians",
                                                        "Explosions/Remote violence"}
    assert all(r["latitude"] and r["longitude"] for r in rows)
    # the formula-like ids, texts and outlets of formulas.csv are plain text in the table
    for row in rows:
        for column in ("doc_id", "notes", "sources", "source", "location", "actor1", "actor2"):
            assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), (column, row[column])
    assert any(row["sources"].startswith("'=1+1") for row in rows)


def test_broken_inputs_corpus_files_are_what_the_table_says():
    # the fixed files are the ones listed, so that a file added or removed is seen here
    listed = {FILE_OF.get(doc_id) or doc_id.rsplit(":", 1)[0] for doc_id in FIXED}
    assert {p.name for p in BROKEN.iterdir()} == listed
    assert all(stat.S_ISREG(p.lstat().st_mode) and p.stat().st_size < 64 * 1024 for p in BROKEN.iterdir())
