"""One loader per gazetteer source."""
