"""Turn news reports about armed conflict into places, incidents and maps."""

from mapper.exc import MapperError, MapperInputError, MapperWarning

__all__ = ["MapperError", "MapperInputError", "MapperWarning"]
