import pytest

from gazetteer import exc


@pytest.mark.parametrize(
    "cls, builtin",
    [(exc.GazetteerQueryError, ValueError), (exc.GazetteerConfigurationError, ValueError),
     (exc.GazetteerSourceError, ValueError), (exc.GazetteerStoreError, OSError)],
)
def test_exc_every_error_descends_from_the_root_and_its_builtin(cls, builtin):
    with pytest.raises(exc.GazetteerError) as info:
        raise cls("boom")
    assert isinstance(info.value, builtin)
    assert cls.__doc__


def test_exc_source_error_names_file_and_line():
    err = exc.GazetteerSourceError("bad row", path="data/x.csv", line=12)
    assert str(err) == "data/x.csv:12: bad row" and err.path == "data/x.csv" and err.line == 12
    assert str(exc.GazetteerSourceError("bad", path="x.csv")) == "x.csv: bad"


def test_exc_all_is_complete():
    public = {n for n in dir(exc) if n.startswith("Gazetteer")}
    assert public == set(exc.__all__)
