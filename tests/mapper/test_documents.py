import csv
import io
import json
import os
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mapper.documents as documents
from mapper.documents import Document, DocumentFailure, leading_date, read_documents
from mapper.exc import MapperInputError

ARTICLE = (
    "Des hommes armés de Daech ont attaqué dimanche les positions de l'armée syrienne près d'al-Mayadin, "
    "dans la province de Deir ez-Zor, selon des sources locales.\n"
)

HTML_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<title>Attaque de Daech près d'al-Mayadin</title>
<meta property="og:url" content="https://example.org/2021/01/attaque-mayadin">
<meta property="og:site_name" content="Exemple Infos">
<meta property="article:published_time" content="2021-01-24T10:00:00+02:00">
</head>
<body>
<nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
<article>
<h1>Attaque de Daech près d'al-Mayadin</h1>
<p>Des hommes armés de Daech ont attaqué dimanche les positions de l'armée syrienne près d'al-Mayadin,
dans la province de Deir ez-Zor, tuant trois soldats selon des sources locales.</p>
<p>L'attaque est survenue après plusieurs semaines de calme relatif dans le désert, où des cellules
du groupe restent actives entre Palmyre et Abou Kamal.</p>
</article>
<footer>Tous droits réservés</footer>
</body>
</html>
"""


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def write_jsonl(path: Path, records) -> Path:
    return write(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


def write_csv(path: Path, rows, delimiter=",") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def read(*inputs, **kwargs):
    return list(read_documents([str(p) if isinstance(p, Path) else p for p in inputs], **kwargs))


def docs(items):
    return [item for item in items if isinstance(item, Document)]


def failures(items):
    return [item for item in items if isinstance(item, DocumentFailure)]


def only_failure(items, path: Path) -> DocumentFailure:
    found = [f for f in failures(items) if f.path == str(path)]
    assert len(found) == 1, items
    assert str(path) in found[0].error
    return found[0]


@pytest.fixture
def good(tmp_path):
    """A good text file to read beside each bad input: it must still come out."""
    return write(tmp_path / "good" / "ok.txt", ARTICLE)


def assert_good_read(items, good):
    assert [d.path for d in docs(items)] == [str(good)]
    assert docs(items)[0].text == ARTICLE


# --------------------------------------------------------------------------------------------------
# plain text


@pytest.mark.parametrize("name", ["a.txt", "a.text", "a.md", "README", "a.TXT", "notes.log"])
def test_documents_text_file_one_document(tmp_path, name):
    path = write(tmp_path / name, ARTICLE)
    [doc] = read(path)
    assert doc == Document(id=name, text=ARTICLE, path=str(path))


def test_documents_text_kept_exactly(tmp_path):
    content = "Ligne un\r\nLigne deux\r\n\tTabulée   \n\n"
    path = write(tmp_path / "crlf.txt", "\ufeff" + content)
    [doc] = read(path)
    assert doc.text == content  # line endings and spaces kept; only the byte order mark removed
    assert doc.text[doc.text.index("deux") :].startswith("deux")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufeff"), min_size=1
    ).filter(str.strip)
)
def test_documents_text_offsets_match_file(tmp_path, text):
    path = write(tmp_path / "prop.txt", text)
    [doc] = read(path)
    assert isinstance(doc, Document)
    assert doc.text == path.read_bytes().decode("utf-8")


# --------------------------------------------------------------------------------------------------
# leading date line


@pytest.mark.parametrize(
    "text, expected",
    [
        (" date 2021-01 C’est depuis la région al-Tanf", "2021-01"),
        ("date 2021-01-24\nDaech a attaqué.", "2021-01-24"),
        ("DATE 2021-01-24 suite du texte", "2021-01-24"),
        ("\n\n   Date\t2021-03\n", "2021-03"),
        ("date 2021-01-24T10:00 texte", "2021-01-24"),
        ("Le texte commence, date 2021-01-24", None),
        ("date 2021-13 texte", None),
        ("date 2021-02-30 texte", None),
        ("date 2021-01-245 texte", None),
        ("date 21-01-24", None),
        ("dated 2021-01-24", None),
        (" " * 250 + "date 2021-01-24", None),
        ("", None),
    ],
)
def test_documents_leading_date(text, expected):
    assert leading_date(text) == expected


def test_documents_leading_date_used_without_modifying_text(tmp_path):
    text = " date 2021-01 C’est depuis la région al-Tanf que Daech a lancé ses attaques.\n"
    path = write(tmp_path / "002.txt", text)
    [doc] = read(path)
    assert doc.date == "2021-01"
    assert doc.text == text


def test_documents_metadata_date_wins_over_leading_line(tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {"text": "date 2021-01 " + ARTICLE, "date": "2021-02-03"},
            {"text": "date 2021-01 " + ARTICLE, "date": "n'importe quoi"},
        ],
    )
    first, second = read(path)
    assert first.date == "2021-02-03"
    assert second.date == "2021-01"  # unparseable metadata date: the leading line is used


# --------------------------------------------------------------------------------------------------
# metadata dates


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2021-01-24", "2021-01-24"),
        ("2021-01", "2021-01"),
        ("2021-01-24T10:00:00Z", "2021-01-24"),
        ("2021-01-24T23:30:00-05:00", "2021-01-24"),
        ("2021-01-24 10:00", "2021-01-24"),
        ("20210124", "2021-01-24"),
        (20210124, "2021-01-24"),
        ("24 janvier 2021", "2021-01-24"),
        ("dimanche 24 janvier 2021 à 10h", "2021-01-24"),
        ("janvier 2021", "2021-01"),
        ("January 2021", "2021-01"),
        ("Jan 24, 2021", "2021-01-24"),
        ("Mon, 25 Jan 2021 10:00:00 GMT", "2021-01-25"),
        ("24/01/2021", "2021-01-24"),
        ("03/04/2021", "2021-04-03"),  # day first
        ("24.01.2021", "2021-01-24"),
        ("24 يناير 2021", "2021-01-24"),
        ("2021", None),  # a year alone is not a month
        ("24 janvier", None),  # no year: never taken from today
        ("hier", None),
        ("yesterday", None),
        ("il y a 2 jours", None),
        ("2021-13-45", None),
        ("2021-00", None),
        ("", None),
        ("   ", None),
        ("pas une date", None),
        (None, None),
        (True, None),
        (3.5, None),
        (["2021-01-24"], None),
    ],
)
def test_documents_metadata_dates(tmp_path, value, expected):
    path = write_jsonl(tmp_path / "dates.jsonl", [{"text": ARTICLE, "date": value}])
    [doc] = read(path)
    assert isinstance(doc, Document)
    assert doc.date == expected


# --------------------------------------------------------------------------------------------------
# HTML


@pytest.mark.parametrize("suffix", [".html", ".htm", ".xhtml", ".HTML"])
def test_documents_html_body_and_metadata(tmp_path, suffix):
    path = write(tmp_path / f"page{suffix}", HTML_PAGE)
    [doc] = read(path)
    assert isinstance(doc, Document), doc
    assert doc.id == f"page{suffix}" and doc.path == str(path)
    assert "tuant trois soldats" in doc.text and "Abou Kamal" in doc.text
    assert "<p>" not in doc.text and "Tous droits réservés" not in doc.text
    assert doc.title == "Attaque de Daech près d'al-Mayadin"
    assert doc.url == "https://example.org/2021/01/attaque-mayadin"
    assert doc.source == "Exemple Infos"
    assert doc.date == "2021-01-24"
    assert doc.lang == "fr"


def test_documents_html_date_in_french_meta(tmp_path):
    page = HTML_PAGE.replace(
        '<meta property="article:published_time" content="2021-01-24T10:00:00+02:00">',
        '<meta name="date" content="24 janvier 2021">',
    )
    [doc] = read(write(tmp_path / "page.html", page))
    assert doc.date == "2021-01-24"


def test_documents_html_leading_date_line_without_metadata(tmp_path):
    page = (
        "<html><body><article><p>date 2021-01 Des hommes armés de Daech ont attaqué les positions de "
        "l'armée syrienne près d'al-Mayadin, dans la province de Deir ez-Zor.</p></article></body></html>"
    )
    [doc] = read(write(tmp_path / "page.html", page))
    assert doc.date == "2021-01"


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Rien</title></head><body></body></html>",
        "<html><head><title>Rien</title><script>var x = 1;</script></head>"
        "<body><script>f()</script></body></html>",
    ],
)
def test_documents_html_no_body(tmp_path, good, page):
    path = write(tmp_path / "empty.html", page)
    items = read(path, good)
    assert "no main text" in only_failure(items, path).error
    assert_good_read(items, good)


def test_documents_html_deeply_nested(tmp_path, good):
    body = "<div>" * 5000 + "<p>" + ARTICLE * 3 + "</p>" + "</div>" * 5000
    path = write(tmp_path / "nested.html", f"<html><body>{body}</body></html>")
    items = read(path, good)  # must not raise
    mine = [item for item in items if item.path == str(path)]
    assert len(mine) == 1
    if isinstance(mine[0], DocumentFailure):
        assert str(path) in mine[0].error
    else:
        assert "Deir ez-Zor" in mine[0].text
    assert_good_read(items, good)


# --------------------------------------------------------------------------------------------------
# JSON Lines


@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson", ".JSONL"])
def test_documents_jsonl_good_and_broken_lines(tmp_path, suffix):
    lines = [
        json.dumps(
            {
                "id": "a1",
                "text": ARTICLE,
                "date": "2021-01-24",
                "url": "https://ex.org/a1",
                "title": "Titre",
                "source": "Exemple",
                "lang": "fr",
            }
        ),
        json.dumps({"text": ARTICLE}),
        "",
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"title": "no text"}),
        json.dumps({"text": 42}),
        "   ",
        json.dumps({"content": "Le contenu " + ARTICLE, "id": 7}),
        json.dumps({"body": "Le corps " + ARTICLE}),
        json.dumps({"text": "   "}),
        json.dumps({"text": ARTICLE}),
    ]
    path = write(tmp_path / f"corpus{suffix}", "\n".join(lines) + "\n")
    items = read(path)
    name = path.name
    assert [d.id for d in docs(items)] == ["a1", f"{name}:2", "7", f"{name}:10", f"{name}:12"]
    first = docs(items)[0]
    assert (first.date, first.url, first.title, first.source, first.lang) == (
        "2021-01-24",
        "https://ex.org/a1",
        "Titre",
        "Exemple",
        "fr",
    )
    assert first.path == str(path) and first.text == ARTICLE
    errors = {f.id: f.error for f in failures(items)}
    assert set(errors) == {f"{name}:4", f"{name}:5", f"{name}:6", f"{name}:7", f"{name}:11"}
    for line, message in [
        (4, "invalid JSON"),
        (5, "not a JSON object (got array)"),
        (6, "no text field"),
        (7, "is not a string (got number)"),
        (11, "empty document"),
    ]:
        error = errors[f"{name}:{line}"]
        assert error.startswith(f"{path}, line {line}: ") and message in error
    # items come out in file order
    assert [item.id for item in items][:4] == ["a1", f"{name}:2", f"{name}:4", f"{name}:5"]


def test_documents_jsonl_text_column(tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [{"article": "Article " + ARTICLE, "text": "court"}, {"text": "Seulement text " + ARTICLE}],
    )
    first, second = read(path, text_column="article")
    assert first.text.startswith("Article ")
    assert second.text.startswith("Seulement text ")  # falls back to the usual names


def test_documents_jsonl_invalid_utf8_line(tmp_path):
    good_line = json.dumps({"text": ARTICLE}).encode()
    bad_line = b'{"text": "caf\xe9 ' + b"x" * 10 + b'"}'
    path = write(tmp_path / "mixed.jsonl", good_line + b"\n" + bad_line + b"\n" + good_line + b"\n")
    items = read(path)
    assert [d.id for d in docs(items)] == ["mixed.jsonl:1", "mixed.jsonl:3"]
    [failure] = failures(items)
    offset = len(good_line) + 1 + len(b'{"text": "caf')
    assert failure.error == f"{path}, line 2: not valid UTF-8 (byte offset {offset})"


def test_documents_jsonl_long_line_skipped_alone(tmp_path):
    path = write_jsonl(tmp_path / "long.jsonl", [{"text": "x" * 100_000}, {"text": ARTICLE}])
    items = read(path, max_chars=1_000)
    assert "line 1: too large" in only_failure(items, path).error
    assert [d.id for d in docs(items)] == ["long.jsonl:2"]


def test_documents_jsonl_text_over_max_chars(tmp_path):
    path = write_jsonl(tmp_path / "big.jsonl", [{"text": "é" * 1_500}, {"text": ARTICLE}])
    items = read(path, max_chars=1_000)
    assert only_failure(items, path).error == f"{path}, line 1: too large: 1500 characters (limit 1000)"
    assert len(docs(items)) == 1


def test_documents_jsonl_million_character_line(tmp_path):
    text = ("Les combats se poursuivent près de Deir ez-Zor. " * 25_000)[:1_000_000]
    path = write_jsonl(tmp_path / "one.jsonl", [{"text": text}])
    [doc] = read(path)
    assert doc.text == text


@pytest.mark.parametrize("content", ["", "\n\n   \n"])
def test_documents_jsonl_without_records(tmp_path, good, content):
    path = write(tmp_path / "none.jsonl", content)
    items = read(path, good)
    assert "empty document" in only_failure(items, path).error
    assert_good_read(items, good)


# --------------------------------------------------------------------------------------------------
# CSV / TSV


def test_documents_csv_rows_and_metadata(tmp_path):
    path = write_csv(
        tmp_path / "articles.csv",
        [
            ["id", "title", "text", "date", "url", "source", "lang", "extra"],
            ["x1", "Premier", ARTICLE, "24 janvier 2021", "https://ex.org/1", "Exemple", "fr", "?"],
            [
                "",
                "",
                "Deuxième article,\navec une virgule et un saut de ligne. " + ARTICLE,
                "",
                "",
                "",
                "",
                "",
            ],
            [],
            ["", "Vide", "   ", "", "", "", "", ""],
            [" ", "", "", "", "", "", "", ""],  # blank cells only: skipped like a blank line
            ["", "", "Quatrième " + ARTICLE, "2021-02", "", "", "", ""],
        ],
    )
    items = read(path)
    assert [d.id for d in docs(items)] == ["x1", "articles.csv:2", "articles.csv:4"]
    first = docs(items)[0]
    assert (first.title, first.date, first.url, first.source, first.lang, first.text) == (
        "Premier",
        "2021-01-24",
        "https://ex.org/1",
        "Exemple",
        "fr",
        ARTICLE,
    )
    assert docs(items)[1].text.startswith("Deuxième article,\navec")
    assert docs(items)[2].date == "2021-02"
    [failure] = failures(items)
    assert failure.id == "articles.csv:3"
    assert failure.error.startswith(f"{path}, row 3 (line ") and "empty document" in failure.error


@pytest.mark.parametrize(
    "name, delimiter, header",
    [
        ("a.tsv", "\t", ["id", "text"]),
        ("a.csv", ";", ["id", "text"]),
        ("a.csv", ",", ["id", "Text"]),
        ("a.CSV", ",", ["ID", "content"]),
        ("a.csv", ",", ["id", "article"]),
    ],
)
def test_documents_csv_dialects_and_column_names(tmp_path, name, delimiter, header):
    path = write_csv(tmp_path / name, [header, ["r1", "Un; deux, trois. " + ARTICLE]], delimiter=delimiter)
    [doc] = read(path, text_column="article")
    assert isinstance(doc, Document), doc
    assert doc.text == "Un; deux, trois. " + ARTICLE
    assert doc.id == "r1"


def test_documents_csv_without_text_column(tmp_path, good):
    path = write_csv(tmp_path / "notext.csv", [["id", "headline"], ["1", "Titre"], ["2", "Autre"]])
    items = read(path, good)
    failure = only_failure(items, path)
    assert failure.error.startswith(f"{path}: no text column") and "'headline'" in failure.error
    assert failure.id == "notext.csv"
    assert_good_read(items, good)


def test_documents_csv_two_megabyte_field(tmp_path):
    big = ("Des frappes aériennes ont visé Abou Kamal. " * 50_000)[:2_000_000]
    path = write_csv(tmp_path / "big.csv", [["text"], [big], ["petit " + ARTICLE]])
    items = read(path)
    assert [len(d.text) for d in docs(items)] == [2_000_000, len("petit " + ARTICLE)]


def test_documents_csv_row_over_max_chars(tmp_path):
    path = write_csv(tmp_path / "rows.csv", [["text"], ["x" * 1_500], [ARTICLE]])
    items = read(path, max_chars=1_000)
    failure = only_failure(items, path)
    assert failure.error == f"{path}, row 1 (line 2): too large: 1500 characters (limit 1000)"
    assert [d.id for d in docs(items)] == ["rows.csv:2"]


def test_documents_csv_field_far_over_limit_stops_file(tmp_path, good):
    path = write_csv(tmp_path / "huge.csv", [["text"], [ARTICLE], ["x" * 200_000], [ARTICLE]])
    items = read(path, good, max_chars=1_000)
    assert [d.id for d in docs(items)] == ["huge.csv:1", "ok.txt"]
    assert "row 2 (line 4)" in only_failure(items, path).error  # row 1's text ends with a newline


def test_documents_csv_invalid_utf8_row(tmp_path):
    content = b"id,text\n1,caf\xe9 au lait\n2," + ARTICLE.strip().replace(",", " ").encode() + b"\n"
    path = write(tmp_path / "latin1.csv", content)
    items = read(path)
    assert [d.id for d in docs(items)] == ["2"]
    assert "row 1 (line 2): not valid UTF-8" in only_failure(items, path).error


@pytest.mark.parametrize("content", ["", "text\n", "text\n\n\n"])
def test_documents_csv_without_rows(tmp_path, good, content):
    path = write(tmp_path / "none.csv", content)
    items = read(path, good)
    assert "empty document" in only_failure(items, path).error
    assert_good_read(items, good)


# --------------------------------------------------------------------------------------------------
# JSON


def test_documents_json_object(tmp_path):
    path = write(tmp_path / "one.json", json.dumps({"text": ARTICLE, "title": "T", "date": "Jan 24, 2021"}))
    [doc] = read(path)
    assert (doc.id, doc.title, doc.date, doc.text) == ("one.json", "T", "2021-01-24", ARTICLE)


def test_documents_json_list(tmp_path):
    path = write(
        tmp_path / "many.json",
        json.dumps(
            [{"text": ARTICLE}, {"id": "b", "content": ARTICLE}, "pas un objet", {"title": "sans texte"}],
            indent=2,
        ),
    )
    items = read(path)
    assert [d.id for d in docs(items)] == ["many.json:1", "b"]
    errors = [f.error for f in failures(items)]
    assert errors[0] == f"{path}, item 3: not a JSON object (got string)"
    assert errors[1].startswith(f"{path}, item 4: no text field")


@pytest.mark.parametrize(
    "content, message",
    [
        ("{broken", "invalid JSON"),
        ('"juste une chaîne"', "not a JSON object or list"),
        ("[]", "empty document"),
        ("", "empty document"),
        ("[" * 100_000 + "]" * 100_000, "invalid JSON"),
    ],
)
def test_documents_json_bad(tmp_path, good, content, message):
    path = write(tmp_path / "bad.json", content)
    items = read(path, good)
    assert message in only_failure(items, path).error
    assert_good_read(items, good)


# --------------------------------------------------------------------------------------------------
# directories


def test_documents_directory_recursion(tmp_path):
    root = tmp_path / "corpus"
    write(root / "b.txt", "B " + ARTICLE)
    write(root / "a.txt", "A " + ARTICLE)
    write(root / "sub" / "c.txt", "C " + ARTICLE)
    write(root / "sub" / "deeper" / "d.jsonl", json.dumps({"text": "D " + ARTICLE}) + "\n")
    write(root / ".hidden.txt", "caché " + ARTICLE)
    write(root / ".git" / "e.txt", "caché " + ARTICLE)
    write(root / "sub" / ".cache" / "f.txt", "caché " + ARTICLE)
    items = read(root)
    assert [d.id for d in items] == ["a.txt", "b.txt", "sub/c.txt", "sub/deeper/d.jsonl:1"]
    assert items[2].path == str(root / "sub" / "c.txt")
    assert [d.id for d in read(root, recursive=False)] == ["a.txt", "b.txt"]


def test_documents_inputs_in_order_given(tmp_path):
    a = write(tmp_path / "a.txt", "A " + ARTICLE)
    z = write(tmp_path / "z.txt", "Z " + ARTICLE)
    hidden = write(tmp_path / ".h.txt", "H " + ARTICLE)
    assert [d.id for d in read(z, a, hidden)] == ["z.txt", "a.txt", ".h.txt"]  # a hidden file named is read
    assert [d.id for d in read_documents(str(a))] == ["a.txt"]  # a single path is accepted
    assert [d.id for d in read_documents(a)] == ["a.txt"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_documents_symlink_loop(tmp_path):
    root = tmp_path / "corpus"
    write(root / "a.txt", "A " + ARTICLE)
    write(root / "sub" / "b.txt", "B " + ARTICLE)
    os.symlink(root, root / "sub" / "loop")  # back to an ancestor
    os.symlink(root / "self", root / "self")  # a link to itself
    os.symlink(root / "missing.txt", root / "broken.txt")
    os.symlink(root / "sub", root / "twin")  # the same directory twice: read once
    items = read(root)
    assert [d.id for d in docs(items)] == ["a.txt", "sub/b.txt"]
    errors = {f.id: f.error for f in failures(items)}
    assert set(errors) == {"broken.txt", "self", "sub/loop"}
    assert errors["sub/loop"].startswith(f"{root / 'sub' / 'loop'}: symlink loop")
    assert errors["self"] == f"{root / 'self'}: symlink loop"
    assert errors["broken.txt"] == f"{root / 'broken.txt'}: broken symlink"


# --------------------------------------------------------------------------------------------------
# standard input


def fake_stdin(monkeypatch, data: bytes):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_documents_stdin_text(monkeypatch):
    text = " date 2021-01-24 " + ARTICLE + "\n" + ARTICLE
    fake_stdin(monkeypatch, text.encode())
    [doc] = read("-")
    assert (doc.id, doc.path, doc.text, doc.date) == ("<stdin>", None, text, "2021-01-24")


def test_documents_stdin_jsonl(monkeypatch, tmp_path):
    data = "\n".join(json.dumps(r) for r in [{"text": ARTICLE}, {"id": "z", "text": ARTICLE}, {"title": "x"}])
    fake_stdin(monkeypatch, (data + "\n\n").encode())
    other = write(tmp_path / "other.txt", ARTICLE)
    items = read("-", other)
    assert [i.id for i in items] == ["<stdin>:1", "z", "<stdin>:3", "other.txt"]
    assert items[2].error.startswith("<stdin>, line 3: no text field") and items[2].path is None


def test_documents_stdin_json_list(monkeypatch):
    fake_stdin(monkeypatch, json.dumps([{"text": ARTICLE}, {"text": ARTICLE}], indent=1).encode())
    assert [d.id for d in read("-")] == ["<stdin>:1", "<stdin>:2"]


def test_documents_stdin_mixed_lines_are_text(monkeypatch):
    data = json.dumps({"text": ARTICLE}) + "\nune ligne de texte\n"
    fake_stdin(monkeypatch, data.encode())
    [doc] = read("-")
    assert doc.id == "<stdin>" and doc.text == data


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty document"),
        (b" \n\t\n", "empty document"),
        (b"abc \xff def", "not valid UTF-8 (byte offset 4)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ],
)
def test_documents_stdin_bad(monkeypatch, good, data, message):
    fake_stdin(monkeypatch, data)
    items = read("-", good)
    [failure] = failures(items)
    assert failure.error == f"<stdin>: {message}" or failure.error.startswith(f"<stdin>: {message}")
    assert failure.id == "<stdin>" and failure.path is None
    assert_good_read(items, good)


def test_documents_stdin_without_buffer(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(ARTICLE))
    [doc] = read("-")
    assert doc.text == ARTICLE


# --------------------------------------------------------------------------------------------------
# bad inputs


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "empty document"),
        ("blank.txt", b"  \n\t \r\n  ", "empty document"),
        ("bom-only.txt", b"\xef\xbb\xbf", "empty document"),
        ("image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"IHDR", "binary file (PNG image)"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "binary file (PNG image)"),
        ("nul.txt", b"du texte\x00\x00 et des NUL", "binary file (NUL byte at byte offset 8)"),
        ("late-nul.txt", b"x" * 20_000 + b"\x00", "binary file (NUL byte at byte offset 20000)"),
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (PDF)"),
        ("archive.zip", b"PK\x03\x04\x14\x00\x00\x00", "binary file (ZIP"),
        ("latin1.txt", "café à Damas".encode("latin-1"), "not valid UTF-8 (byte offset 3)"),
        ("bom-latin1.txt", b"\xef\xbb\xbfcaf\xe9", "not valid UTF-8 (byte offset 6)"),
        ("truncated.txt", "Damas é".encode()[:-1], "not valid UTF-8 (byte offset 6)"),
        ("late-bad.txt", b"a" * (documents._CHUNK + 10) + b"\xff", f"byte offset {documents._CHUNK + 10}"),
        ("utf16.txt", "Damas".encode("utf-16"), "looks like UTF-16"),
        ("page.html", b"\xff\xfe<\x00h\x00", "looks like UTF-16"),
        ("page.htm", b"   \n", "empty document"),
        ("data.jsonl", b"\x1f\x8b\x08\x00\x00\x00", "binary file (gzip archive)"),
        ("data.csv", b"text\nabc\x00def\n", "binary file"),
    ],
)
def test_documents_bad_file(tmp_path, good, name, content, message):
    path = write(tmp_path / "bad" / name, content)
    items = read(path, good)
    failure = only_failure(items, path)
    assert failure.error.startswith(f"{path}: ") and message in failure.error
    assert failure.id == name
    assert_good_read(items, good)


def test_documents_twenty_megabyte_text_fails_fast(tmp_path, good, monkeypatch):
    sentence = b"Les combats ont repris dans la province de Deir ez-Zor. "
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        for _ in range(20 * 1024 * 1024 // len(sentence) + 1):
            fh.write(sentence)
    real_decode = documents._decode_stream

    def decode(head, fh, **kwargs):
        assert str(fh.name) != str(path), "the big file was read"  # it fails on its size
        return real_decode(head, fh, **kwargs)

    monkeypatch.setattr(documents, "_decode_stream", decode)
    start = time.perf_counter()
    items = read(path, good)
    elapsed = time.perf_counter() - start
    failure = only_failure(items, path)
    assert failure.error.startswith(f"{path}: too large: ") and "limit 5000000" in failure.error
    assert elapsed < 5
    assert_good_read(items, good)


def test_documents_text_over_limit_stops_reading(tmp_path, good, monkeypatch):
    monkeypatch.setattr(documents, "_CHUNK", 1_000)
    path = write(tmp_path / "long.txt", "x" * 30_000)  # under 4 * max_chars bytes: read until over the limit
    got = []
    real_open = open

    def spy_open(*args, **kwargs):
        fh = real_open(*args, **kwargs)
        if str(args[0]) != str(path):
            return fh
        real_read = fh.read

        def read_bytes(n=-1):
            data = real_read(n)
            got.append(len(data))
            return data

        fh.read = read_bytes
        return fh

    monkeypatch.setattr(documents, "open", spy_open, raising=False)
    items = read(path, good, max_chars=10_000)
    assert only_failure(items, path).error == (
        f"{path}: too large: more than 10000 characters (limit 10000; 30000 bytes)"
    )
    assert got and sum(got) < 12_000


def test_documents_text_exact_limit(tmp_path):
    path = write(tmp_path / "multibyte.txt", "é" * 1_000)  # 2,000 bytes but 1,000 characters
    [doc] = read(path, max_chars=1_000)
    assert isinstance(doc, Document) and len(doc.text) == 1_000
    path = write(tmp_path / "over.txt", "é" * 1_001)
    [failure] = read(path, max_chars=1_000)
    assert "too large" in failure.error


def test_documents_million_character_line(tmp_path):
    text = ("Les combats se poursuivent près de Deir ez-Zor. " * 25_000)[:1_000_000]
    path = write(tmp_path / "line.txt", text)
    [doc] = read(path)
    assert doc.text == text


def test_documents_missing_path(tmp_path, good):
    missing = tmp_path / "nope" / "missing.txt"
    items = read(missing, good)
    failure = only_failure(items, missing)
    assert failure == DocumentFailure("missing.txt", str(missing), f"{missing}: no such file or directory")
    assert_good_read(items, good)


def test_documents_unreadable_file(tmp_path, good):
    path = write(tmp_path / "secret.txt", ARTICLE)
    path.chmod(0)
    try:
        items = read(path, good)
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            assert len(items) == 2  # root reads it anyway
        else:
            assert only_failure(items, path).error == f"{path}: cannot read: Permission denied"
        assert_good_read([i for i in items if i.path != str(path)], good)
    finally:
        path.chmod(0o644)


def test_documents_unreadable_file_simulated(tmp_path, good, monkeypatch):
    path = write(tmp_path / "secret.jsonl", json.dumps({"text": ARTICLE}))
    real_open = open

    def deny(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(documents, "open", deny, raising=False)
    items = read(path, good)
    assert only_failure(items, path).error == f"{path}: cannot read: Permission denied"
    assert_good_read(items, good)


def test_documents_unreadable_directory(tmp_path, good, monkeypatch):
    root = tmp_path / "locked"
    write(root / "a.txt", ARTICLE)
    real_listdir = os.listdir

    def deny(path="."):
        if str(path) == str(root):
            raise PermissionError(13, "Permission denied", str(path))
        return real_listdir(path)

    monkeypatch.setattr(documents.os, "listdir", deny)
    items = read(root, good)
    assert only_failure(items, root).error == f"{root}: cannot list directory: Permission denied"
    assert_good_read(items, good)


def test_documents_unexpected_error_becomes_failure(tmp_path, good, monkeypatch):
    path = write(tmp_path / "page.html", HTML_PAGE)
    monkeypatch.setattr(documents, "_html_item", lambda *a, **k: 1 / 0)
    items = read(path, good)
    assert "unexpected error: ZeroDivisionError" in only_failure(items, path).error
    assert_good_read(items, good)


def test_documents_not_a_path(good):
    items = list(read_documents([42, str(good)]))
    assert isinstance(items[0], DocumentFailure) and "not a path" in items[0].error
    assert_good_read(items, good)


# --------------------------------------------------------------------------------------------------
# API


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"max_chars": 0}, ValueError),
        ({"max_chars": 1.5}, ValueError),
        ({"max_chars": True}, ValueError),
        ({"text_column": 3}, TypeError),
    ],
)
def test_documents_bad_arguments_raise_at_call(kwargs, error):
    with pytest.raises(error):
        read_documents(["-"], **kwargs)  # raised before any reading


def test_documents_from_text():
    doc = Document.from_text(" date 2021-01 C’est depuis al-Tanf.", id="x", url="https://ex.org")
    assert (doc.id, doc.date, doc.url) == ("x", "2021-01", "https://ex.org")
    assert doc.text == " date 2021-01 C’est depuis al-Tanf."
    assert Document.from_text("Texte").date is None
    assert Document.from_text("Texte").id == "<text>"
    assert Document.from_text("date 2021-01 Texte", date="24 janvier 2021").date == "2021-01-24"
    import datetime

    assert Document.from_text("Texte", date=datetime.date(2021, 1, 24)).date == "2021-01-24"
    with pytest.raises(MapperInputError, match="unrecognised date"):
        Document.from_text("Texte", date="n'importe quand")
    with pytest.raises(TypeError):
        Document.from_text(b"octets")


def test_documents_records_are_frozen_and_short_repr():
    doc = Document.from_text("x" * 10_000)
    with pytest.raises(AttributeError):
        doc.text = "y"
    assert len(repr(doc)) < 200
    assert not hasattr(doc, "__dict__")
