"""The incidents of the four seed reports scored with /work/shared/eval/score.py.

The reports, their gold file and the scorer live outside the repository (tests/conftest.py ``SEEDS``);
the test skips when any is absent. Nothing here reads the reports' text: only the scorer does.
"""

import importlib.util
import json

import pytest

from mapper.extract import extract_records
from tests.conftest import SEEDS

EVAL = SEEDS.parent / "eval"


@pytest.fixture(scope="module")
def scored(geoparser):
    paths = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    gold_path, score_path = EVAL / "seeds_gold.json", EVAL / "score.py"
    if not paths or not gold_path.is_file() or not score_path.is_file():
        pytest.skip(f"seed reports, {gold_path.name} or {score_path.name} missing under {SEEDS.parent}")
    spec = importlib.util.spec_from_file_location("shared_eval_score_events", score_path)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    with open(gold_path, encoding="utf-8") as fh:
        gold = json.load(fh)
    records = list(extract_records(paths, geoparser=geoparser))
    assert not [r["error"] for r in records if "error" in r]
    preds = {r["id"].rsplit("/", 1)[-1]: json.loads(json.dumps(r)) for r in records}  # as score.py reads them
    return scorer.score(gold, preds)


def test_seeds_events_every_document_scored(scored):
    assert scored["missing_documents"] == []
    assert scored["gold_events"] > 0


def test_seeds_events_recall_within_25km(scored):
    assert scored["event_recall_25km"] >= 0.9, scored


def test_seeds_events_killed_exact_given_hit(scored):
    assert scored["killed_exact_given_hit"] >= 0.9, scored


def test_seeds_events_no_more_predicted_than_gold(scored):
    assert scored["predicted_events"] <= scored["gold_events"], scored
