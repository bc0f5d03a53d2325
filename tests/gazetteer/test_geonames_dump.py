from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from gazetteer.exc import GazetteerConfigurationError, GazetteerSourceError
from gazetteer.place import AltName
from gazetteer.sources.geonames_dump import _load_alternate_names, _resolve, iter_geonames, sniff_geonames

# --- helpers: small files in the real dump formats -----------------------------------------


def _main_line(
    gid: object,
    name: str,
    lat: object,
    lon: object,
    *,
    asciiname: str | None = None,
    alts: str = "",
    fclass: str = "P",
    fcode: str = "PPL",
    cc: str = "SY",
    admin1: str = "",
    admin2: str = "",
    population: object = 0,
) -> str:
    cols = [
        str(gid),
        name,
        asciiname if asciiname is not None else name,
        alts,
        str(lat),
        str(lon),
        fclass,
        fcode,
        cc,
        "",
        admin1,
        admin2,
        "",
        "",
        str(population),
        "",
        "400",
        "Asia/Damascus",
        "2024-03-01",
    ]
    assert len(cols) == 19
    return "\t".join(cols)


ALEPPO = _main_line(
    170063,
    "Aleppo",
    36.20124,
    37.16117,
    alts="Alep,Halab,ALP,Aleppo,Ḥalab",
    fcode="PPLA",
    admin1="09",
    admin2="SY0900",
    population=1602264,
)
DAMASCUS = _main_line(
    170654,
    "Damascus",
    33.5102,
    36.29128,
    alts="Damas,Dimashq,Damascus",
    fcode="PPLC",
    admin1="13",
    population=1569394,
)
PALMYRA = _main_line(
    163345, "Tadmur", 34.56240, 38.28402, alts="Palmyra,Tadmor", admin1="12", admin2="SY1200"
)
BAGHDAD = _main_line(98182, "Baghdad", 33.34058, 44.40088, cc="IQ", fcode="PPLC", admin1="07")

README = (
    "Readme for GeoNames Gazetteer extract files\n\n============\n\nThe main 'geoname' table has 19 fields\n"
)


def _alt_line(
    alt_id: int, gid: int, lang: str, name: str, *, historic: str = "", colloquial: str = ""
) -> str:
    return "\t".join([str(alt_id), str(gid), lang, name, "", "", colloquial, historic, "", ""])


ALT_LINES = [
    _alt_line(1, 170063, "fr", "Alep"),
    _alt_line(2, 170063, "ar", "حلب"),
    _alt_line(3, 170063, "iata", "ALP"),
    _alt_line(4, 170063, "link", "https://en.wikipedia.org/wiki/Aleppo"),
    _alt_line(5, 170063, "", "Halab"),
    _alt_line(6, 170063, "en", "Aleppo"),
    _alt_line(7, 170063, "la", "Beroea", historic="1"),
    _alt_line(8, 170063, "en", "Haleb", colloquial="1"),
    _alt_line(9, 170063, "post", "21000"),
    _alt_line(10, 170063, "wkdt", "Q41183"),
    _alt_line(11, 170063, "fr_1793", "Alep-la-Grande"),
    _alt_line(12, 170063, "icao", "OSAP"),
    _alt_line(13, 999999, "en", "Nowhere"),
    _alt_line(14, 163345, "de", "Palmyra"),
    _alt_line(15, 163345, "zh-CN", "巴尔米拉"),
]

ADMIN1 = "SY.09\tAleppo\tAleppo\t170062\nSY.12\tHoms\tHoms\t169575\nSY.13\tDimashq\tDimashq\t170652\n"
ADMIN2 = "SY.09.SY0900\tJebel Saman\tJebel Saman\t11204632\nSY.12.SY1200\tHoms\tHoms\t11204650\n"


def _write_zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for member, text in members.items():
            zf.writestr(member, text)
    return path


def _text(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


def _sy_zip(tmp_path: Path, lines: list[str] | None = None) -> Path:
    lines = [ALEPPO, DAMASCUS, PALMYRA] if lines is None else lines
    return _write_zip(tmp_path / "SY.zip", {"SY.txt": _text(lines), "readme.txt": README})


def _alt_zip(tmp_path: Path, lines: list[str] | None = None) -> Path:
    lines = ALT_LINES if lines is None else lines
    return _write_zip(
        tmp_path / "alternateNamesV2.zip",
        {
            "iso-languagecodes.txt": "ISO 639-3\tISO 639-2\tISO 639-1\tLanguage Name\n",
            "alternateNamesV2.txt": _text(lines),
        },
    )


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _by_id(places) -> dict:
    return {p.id: p for p in places}


# --- normal loading ------------------------------------------------------------------------


def test_geonames_dump_loads_zip_with_alternate_names_and_admin_names(tmp_path):
    places = _by_id(
        iter_geonames(
            _sy_zip(tmp_path),
            alternate_names=_alt_zip(tmp_path),
            admin1_codes=_write(tmp_path / "admin1CodesASCII.txt", ADMIN1),
            admin2_codes=_write(tmp_path / "admin2Codes.txt", ADMIN2),
        )
    )
    assert list(places) == ["geonames:170063", "geonames:170654", "geonames:163345"]
    aleppo = places["geonames:170063"]
    assert aleppo.source == "geonames"
    assert (aleppo.name, aleppo.asciiname) == ("Aleppo", "Aleppo")
    assert (aleppo.lat, aleppo.lon) == (36.20124, 37.16117)
    assert (aleppo.feature_class, aleppo.feature_code, aleppo.country_code) == ("P", "PPLA", "SY")
    assert (aleppo.admin1_code, aleppo.admin1_name) == ("09", "Aleppo")
    assert (aleppo.admin2_code, aleppo.admin2_name) == ("SY0900", "Jebel Saman")
    assert aleppo.population == 1602264
    assert aleppo.geometry is None
    # the file's names with their language first, then the main table's not already there
    assert aleppo.alternate_names == (
        AltName("Alep", "fr"),
        AltName("حلب", "ar"),
        AltName("Halab", None),
        AltName("Aleppo", "en"),
        AltName("Beroea", "la"),
        AltName("Haleb", "en"),
        AltName("Ḥalab", None),
    )
    palmyra = places["geonames:163345"]
    assert palmyra.alternate_names == (
        AltName("Palmyra", "de"),
        AltName("巴尔米拉", "zh-CN"),
        AltName("Tadmor", None),
    )
    assert (palmyra.admin1_name, palmyra.admin2_name) == ("Homs", "Homs")


def test_geonames_dump_main_table_names_used_when_no_alternate_names_cover_the_id(tmp_path):
    places = _by_id(iter_geonames(_sy_zip(tmp_path), alternate_names=_alt_zip(tmp_path)))
    damascus = places["geonames:170654"]
    assert damascus.alternate_names == (AltName("Damas"), AltName("Dimashq"))
    assert (damascus.admin1_name, damascus.admin2_name) == ("", "")


def test_geonames_dump_main_table_alone(tmp_path):
    places = _by_id(iter_geonames(_sy_zip(tmp_path)))
    assert places["geonames:170063"].alternate_names == (
        AltName("Alep"),
        AltName("Halab"),
        AltName("ALP"),
        AltName("Ḥalab"),
    )
    assert places["geonames:170063"].admin1_name == ""


@pytest.mark.parametrize(
    "name", ["ALP", "https://en.wikipedia.org/wiki/Aleppo", "21000", "Q41183", "Alep-la-Grande", "OSAP"]
)
def test_geonames_dump_pseudo_language_names_dropped(tmp_path, name):
    (aleppo,) = [
        p
        for p in iter_geonames(_sy_zip(tmp_path), alternate_names=_alt_zip(tmp_path))
        if p.id == "geonames:170063"
    ]
    assert name not in aleppo.names


def test_geonames_dump_historic_and_colloquial_names_kept(tmp_path):
    (aleppo,) = [
        p
        for p in iter_geonames(_sy_zip(tmp_path), alternate_names=_alt_zip(tmp_path))
        if p.id == "geonames:170063"
    ]
    assert AltName("Beroea", "la") in aleppo.alternate_names
    assert AltName("Haleb", "en") in aleppo.alternate_names


def test_geonames_dump_reads_plain_txt_and_8_column_alternate_names(tmp_path):
    main = _write(tmp_path / "cities500.txt", _text([ALEPPO, PALMYRA]))
    old = _write(
        tmp_path / "alternateNames.txt",
        _text(["\t".join(line.split("\t")[:8]) for line in ALT_LINES]),
    )
    places = _by_id(iter_geonames(main, alternate_names=old))
    assert AltName("Alep", "fr") in places["geonames:170063"].alternate_names
    assert AltName("Palmyra", "de") in places["geonames:163345"].alternate_names


def test_geonames_dump_alternate_names_only_kept_for_main_table_ids(tmp_path):
    kept, dropped = _load_alternate_names(_resolve(_alt_zip(tmp_path), "alternate names"), {170063})
    assert set(kept) == {170063}
    assert 999999 not in kept and 163345 not in kept
    assert dropped[170063] == {"ALP", "21000", "Q41183", "Alep-la-Grande", "OSAP"}


def test_geonames_dump_country_codes_filter(tmp_path):
    main = _write(tmp_path / "allCountries.txt", _text([ALEPPO, BAGHDAD, DAMASCUS]))
    admin1 = _write(tmp_path / "admin1CodesASCII.txt", ADMIN1 + "IQ.07\tBaghdad\tBaghdad\t98180\n")
    assert [p.id for p in iter_geonames(main, country_codes=["iq"], admin1_codes=admin1)] == [
        "geonames:98182"
    ]
    assert [p.admin1_name for p in iter_geonames(main, country_codes="IQ", admin1_codes=admin1)] == [
        "Baghdad"
    ]
    assert len(list(iter_geonames(main, country_codes={"SY", "IQ"}))) == 3


def test_geonames_dump_bad_country_code_is_a_configuration_error(tmp_path):
    with pytest.raises(GazetteerConfigurationError, match="Syria"):
        iter_geonames(_sy_zip(tmp_path), country_codes=["Syria"])


def test_geonames_dump_skips_blank_lines_and_accepts_crlf(tmp_path):
    main = tmp_path / "SY.txt"
    main.write_bytes((ALEPPO + "\r\n\r\n" + DAMASCUS + "\r\n").encode("utf-8"))
    places = list(iter_geonames(main))
    assert [p.id for p in places] == ["geonames:170063", "geonames:170654"]
    assert places[0].feature_code == "PPLA"


@pytest.mark.parametrize(
    ("name", "member", "lines", "expected"),
    [
        ("SY.zip", "SY.txt", [ALEPPO], True),
        ("cities500.txt", None, ["not a table"], True),
        ("allCountries.zip", "allCountries.txt", [ALEPPO], True),
        ("places.txt", None, [ALEPPO], True),
        ("dump.zip", "places.txt", [ALEPPO], True),
        ("admin1CodesASCII.txt", None, ADMIN1.splitlines(), False),
        ("alternateNamesV2.txt", None, ALT_LINES, False),
        ("places.csv", None, ["name,lat,lon", "Aleppo,36.2,37.16"], False),
        ("broken.zip", None, None, False),
        ("missing.txt", None, None, False),
    ],
)
def test_geonames_dump_sniff(tmp_path, name, member, lines, expected):
    path = tmp_path / name
    if member is not None:
        _write_zip(path, {member: _text(lines), "readme.txt": README})
    elif name == "broken.zip":
        path.write_bytes(b"PK\x03\x04 not really a zip")
    elif lines is not None:
        _write(path, _text(lines))
    assert sniff_geonames(path) is expected


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("\t".join(ALEPPO.split("\t")[:18]), "found 18"),
        (ALEPPO + "\textra", "found 20"),
        ("170063 Aleppo 36.2 37.1", "found 1"),
        (_main_line(1, "Bad", "north", 37.1), "not numbers"),
        (_main_line(1, "Bad", 36.2, ""), "not numbers"),
        (_main_line(1, "Bad", 91.5, 37.1), "latitude out of range"),
        (_main_line(1, "Bad", 36.2, -181), "longitude out of range"),
        (_main_line(1, "Bad", "nan", 37.1), "latitude out of range"),
        (_main_line("x1", "Bad", 36.2, 37.1), "geonameid"),
        (_main_line(1, "Bad", 36.2, 37.1, fclass="Q"), "feature class"),
        (_main_line(1, "Bad", 36.2, 37.1, population="many"), "population"),
        (_main_line(1, "", 36.2, 37.1, asciiname=""), "no name"),
    ],
)
def test_geonames_dump_bad_main_line_names_zip_member_and_line(tmp_path, bad_line, message):
    path = _sy_zip(tmp_path, [ALEPPO, DAMASCUS, bad_line, PALMYRA])
    places = iter_geonames(path)
    with pytest.raises(GazetteerSourceError, match=message) as info:
        list(places)
    assert f"{path}:SY.txt:3: " in str(info.value)
    assert info.value.line == 3
    assert info.value.path == f"{path}:SY.txt"


def test_geonames_dump_bad_line_in_plain_txt_names_file_and_line(tmp_path):
    path = _write(tmp_path / "SY.txt", _text([ALEPPO, _main_line(5, "Bad", 36.2, 200)]))
    with pytest.raises(GazetteerSourceError, match="longitude out of range") as info:
        list(iter_geonames(path))
    assert str(info.value).startswith(f"{path}:2: ")


def test_geonames_dump_bad_line_found_even_with_alternate_names(tmp_path):
    path = _sy_zip(tmp_path, [ALEPPO, _main_line(5, "Bad", "x", 37)])
    with pytest.raises(GazetteerSourceError, match="not numbers") as info:
        list(iter_geonames(path, alternate_names=_alt_zip(tmp_path)))
    assert f"{path}:SY.txt:2: " in str(info.value)


def test_geonames_dump_non_utf8_line_names_line(tmp_path):
    path = tmp_path / "SY.txt"
    path.write_bytes((ALEPPO + "\n").encode() + _main_line(5, "Bad\xe9", 36, 37).encode("latin-1") + b"\n")
    with pytest.raises(GazetteerSourceError, match="UTF-8") as info:
        list(iter_geonames(path))
    assert str(info.value).startswith(f"{path}:2: ")


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("1\t170063\tfr\tAlep", "found 4"),
        ("\t".join(["1", "170063", "fr", "Alep", "", "", "", "", ""]), "found 9"),
        (_alt_line(1, 170063, "fr", "Alep") + "\textra", "found 11"),
        ("1\tAleppo\tfr\tAlep\t\t\t\t\t\t", "geonameid is not a number"),
    ],
)
def test_geonames_dump_bad_alternate_names_line_names_member_and_line(tmp_path, bad_line, message):
    alt = _alt_zip(tmp_path, [*ALT_LINES[:2], bad_line])
    with pytest.raises(GazetteerSourceError, match=message) as info:
        list(iter_geonames(_sy_zip(tmp_path), alternate_names=alt))
    assert f"{alt}:alternateNamesV2.txt:3: " in str(info.value)


@pytest.mark.parametrize(
    ("which", "text", "line", "message"),
    [
        ("admin1CodesASCII.txt", "SY.09\tAleppo\tAleppo\t170062\nSY.13\tDimashq\n", 2, "found 2"),
        ("admin1CodesASCII.txt", "SY.09\tAleppo\tAleppo\t170062\nSY-13\tDimashq\tDimashq\t1\n", 2, "SY.09"),
        (
            "admin2Codes.txt",
            "SY.09.SY0900\tJebel Saman\tJebel Saman\t1\n\nSY.09\tX\tX\t1\n",
            3,
            "SY.09.SY0900",
        ),
    ],
)
def test_geonames_dump_bad_admin_line_names_file_and_line(tmp_path, which, text, line, message):
    path = _write(tmp_path / which, text)
    key = "admin1_codes" if which.startswith("admin1") else "admin2_codes"
    with pytest.raises(GazetteerSourceError, match=message) as info:
        list(iter_geonames(_sy_zip(tmp_path), **{key: path}))
    assert str(info.value).startswith(f"{path}:{line}: ")


def _only_readme_zip(tmp_path: Path) -> Path:
    return _write_zip(tmp_path / "SY.zip", {"readme.txt": README, "iso-languagecodes.txt": "x\n"})


def _two_members_zip(tmp_path: Path) -> Path:
    return _write_zip(tmp_path / "dump.zip", {"SY.txt": ALEPPO + "\n", "IQ.txt": BAGHDAD + "\n"})


def _not_a_zip(tmp_path: Path) -> Path:
    path = tmp_path / "SY.zip"
    path.write_bytes(b"<html>404 Not Found</html>")
    return path


def _directory(tmp_path: Path) -> Path:
    path = tmp_path / "SY.txt"
    path.mkdir()
    return path


@pytest.mark.parametrize(
    ("make", "message", "chained"),
    [
        (lambda tmp: tmp / "SY.zip", "cannot read GeoNames main table", True),
        (lambda tmp: tmp / "SY.txt", "cannot read GeoNames main table", True),
        (_directory, "cannot read GeoNames main table", True),
        (_not_a_zip, "cannot read GeoNames main table", True),
        (_only_readme_zip, "no GeoNames main table", False),
        (_two_members_zip, "several possible", False),
    ],
)
def test_geonames_dump_unusable_main_file(tmp_path, make, message, chained):
    path = make(tmp_path)
    with pytest.raises(GazetteerSourceError, match=message) as info:
        iter_geonames(path)
    assert str(info.value).startswith(f"{path}: ")
    assert (info.value.__cause__ is not None) is chained


@pytest.mark.parametrize("key", ["alternate_names", "admin1_codes", "admin2_codes"])
def test_geonames_dump_missing_optional_file(tmp_path, key):
    missing = tmp_path / "nowhere.txt"
    with pytest.raises(GazetteerSourceError, match="cannot read") as info:
        iter_geonames(_sy_zip(tmp_path), **{key: missing})
    assert str(info.value).startswith(f"{missing}: ")
    assert isinstance(info.value.__cause__, FileNotFoundError)


def test_geonames_dump_corrupt_zip_member_names_member(tmp_path):
    path = _sy_zip(tmp_path, [ALEPPO] * 200)
    data = bytearray(path.read_bytes())
    start = data.index(b"SY.txt") + len(b"SY.txt")  # local header name, then the deflated data
    data[start + 20 : start + 60] = b"\x00" * 40
    path.write_bytes(bytes(data))
    with pytest.raises(GazetteerSourceError) as info:
        list(iter_geonames(path))
    assert f"{path}:SY.txt:" in str(info.value)
    assert info.value.__cause__ is not None
