"""The geoparser's stages, one module each, and the :class:`Geoparser` that runs them."""

from mapper.pipeline.geoparser import Geoparser, ParsedDocument

__all__ = ["Geoparser", "ParsedDocument"]
