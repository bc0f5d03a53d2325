"""A geopy geocoder over the offline store.

Works wherever a geopy geocoder does: ``geopandas.tools.geocode(names,
provider=GazetteerGeocoder)``, geopy's ``RateLimiter``, code written for Nominatim.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from gazetteer.exc import GazetteerConfigurationError
from gazetteer.match import Candidate, Matcher
from gazetteer.place import Place, check_lat_lon
from gazetteer.store import Store, open_store

__all__ = ["GazetteerGeocoder", "shared_store"]

_STORES: dict[str, Store] = {}
_STORES_LOCK = threading.Lock()


def shared_store(path: str | Path | None = None) -> Store:
    """Open the store at ``path`` once per process and share it (building it first if needed)."""
    from gazetteer.store import _DB_NAME, default_cache_dir

    resolved = str(Path(path) if path is not None else default_cache_dir() / _DB_NAME)
    with _STORES_LOCK:
        store = _STORES.get(resolved)
        if store is None:
            store = _STORES[resolved] = open_store(resolved)
        return store


def _address(place: Place) -> str:
    parts = [place.name]
    if place.admin1_name and place.admin1_name != place.name:
        parts.append(place.admin1_name)
    if place.country_code and place.feature_code != "PCLI":
        parts.append(place.country_code)
    return ", ".join(parts)


class GazetteerGeocoder(Geocoder):
    """Geocode place names against the offline gazetteer, with geopy's interface.

    Parameters
    ----------
    store : Store or None, default None
        An open store; by default the one in the cache directory (built on first use).
    path : str or Path or None, default None
        The store's file, when not the default; ignored when ``store`` is given.
    country_codes : str or iterable of str, optional
        Default country filter (ISO alpha-2) for every query.
    feature_classes : str or iterable of str, optional
        Default GeoNames feature-class filter for every query.
    min_score : float, default 0.0
        Results scoring below this are not returned.
    timeout, user_agent, ...
        Accepted for compatibility with geopy's constructor; no request is ever sent.

    Raises
    ------
    GazetteerConfigurationError
        For an unknown default country code or feature class.

    Examples
    --------
    >>> geocoder = GazetteerGeocoder(country_codes="SY")  # doctest: +SKIP
    >>> geocoder.geocode("Abou Kamal").point  # doctest: +SKIP
    Point(34.45226, 40.91854, 0.0)
    """

    def __init__(
        self,
        *,
        store: Store | None = None,
        path: str | Path | None = None,
        country_codes: str | Iterable[str] | None = None,
        feature_classes: str | Iterable[str] | None = None,
        min_score: float = 0.0,
        scheme: str | None = None,
        timeout=DEFAULT_SENTINEL,
        proxies=DEFAULT_SENTINEL,
        user_agent: str | None = None,
        ssl_context=DEFAULT_SENTINEL,
        adapter_factory=None,
    ) -> None:
        super().__init__(scheme=scheme, timeout=timeout, proxies=proxies, user_agent=user_agent,
                         ssl_context=ssl_context, adapter_factory=adapter_factory)
        self.store = store if store is not None else shared_store(path)
        self.matcher = Matcher(self.store)
        self.country_codes = country_codes
        self.feature_classes = feature_classes
        self.matcher.check_country_codes(country_codes)
        self.matcher.check_feature_classes(feature_classes)
        try:
            self.min_score = float(min_score)
        except (TypeError, ValueError) as err:
            raise GazetteerConfigurationError(f"min_score must be a number: {min_score!r}") from err

    @staticmethod
    def _location(candidate: Candidate) -> Location:
        raw = candidate.place.to_dict()
        raw.update(score=candidate.score, match=candidate.match, quality=candidate.quality)
        if candidate.distance_km is not None:
            raw["distance_km"] = candidate.distance_km
        return Location(_address(candidate.place), (candidate.place.lat, candidate.place.lon), raw)

    def candidates(self, query: str, **kwargs) -> list[Candidate]:
        """Return :class:`~gazetteer.match.Candidate` objects, with this geocoder's default filters."""
        kwargs.setdefault("country_codes", self.country_codes)
        kwargs.setdefault("feature_classes", self.feature_classes)
        return [c for c in self.matcher.candidates(query, **kwargs) if c.score >= self.min_score]

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: str | Iterable[str] | None = None,
        feature_classes: str | Iterable[str] | None = None,
        bias: Sequence[float] | None = None,
        limit: int | None = None,
        timeout=DEFAULT_SENTINEL,
    ) -> Location | list[Location] | None:
        """Return the place a name most likely means.

        Parameters
        ----------
        query : str
            A place name, spelled as reports spell it (``"Abou Kamal"``, ``"Deir Ezzor"``).
        exactly_one : bool, default True
            Return one :class:`geopy.location.Location`, or a list of them.
        country_codes : str or iterable of str, optional
            Keep places of these countries (overrides the geocoder's default).
        feature_classes : str or iterable of str, optional
            Keep places of these GeoNames feature classes (overrides the default).
        bias : (lat, lon), optional
            Prefer places near this point.
        limit : int, optional
            How many results with ``exactly_one=False`` (10 by default).
        timeout
            Ignored: nothing goes over the network.

        Returns
        -------
        Location, list of Location or None
            ``raw`` holds the whole place record plus ``score``, ``match`` and ``quality``.
            ``None`` when nothing matches, with ``exactly_one`` or not.

        Raises
        ------
        GazetteerQueryError
            For an empty, non-string or overlong query (a ``ValueError``).
        GazetteerConfigurationError
            For an unknown country code or feature class or a bad bias point.
        """
        if limit is not None and (not isinstance(limit, int) or limit < 1):
            raise GazetteerConfigurationError(f"limit must be a positive integer: {limit!r}")
        n = 1 if exactly_one else (limit or 10)
        found = self.candidates(
            query,
            country_codes=country_codes if country_codes is not None else self.country_codes,
            feature_classes=feature_classes if feature_classes is not None else self.feature_classes,
            bias=bias,
            limit=n,
        )
        if not found:
            return None
        if exactly_one:
            return self._location(found[0])
        return [self._location(c) for c in found]

    def reverse(
        self,
        query,
        *,
        exactly_one: bool = True,
        feature_classes: str | Iterable[str] | None = "PS",
        limit: int | None = None,
        timeout=DEFAULT_SENTINEL,
    ) -> Location | list[Location] | None:
        """Return the place nearest to a point.

        Parameters
        ----------
        query : (lat, lon), geopy Point or "lat, lon" string
            The point.
        exactly_one : bool, default True
            One result or a list.
        feature_classes : str or iterable of str, default "PS"
            Which places count (populated places and sites by default).
        limit : int, optional
            How many results with ``exactly_one=False``.

        Returns
        -------
        Location, list of Location or None
            ``raw`` holds the place record and ``distance_km``.
        """
        try:
            if isinstance(query, (tuple, list)) and len(query) == 2:
                lat, lon = check_lat_lon(*query)
            else:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # geopy warns before it rejects a latitude
                    point = Point(query)
                lat, lon = check_lat_lon(point.latitude, point.longitude)
        except (TypeError, ValueError) as err:
            raise GazetteerConfigurationError(f"not a (lat, lon) point: {query!r}") from err
        n = 1 if exactly_one else (limit or 10)
        found = self.matcher.nearest(lat, lon, feature_classes=feature_classes, limit=n)
        if not found:
            return None
        out = []
        for place, dist in found:
            raw = place.to_dict()
            raw["distance_km"] = dist
            out.append(Location(_address(place), (place.lat, place.lon), raw))
        return out[0] if exactly_one else out
