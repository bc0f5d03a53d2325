"""The four seed reports scored with /work/shared/eval/score.py against the issue's thresholds.

The reports and the scorer live outside the repository (tests/conftest.py ``SEEDS``); the tests skip
when they are absent. Nothing here reads the reports' text: only the scorer does.
"""

import importlib.util
import json

import pytest

from mapper.extract import extract_records
from tests.conftest import SEEDS

EVAL = SEEDS.parent / "eval"
THRESHOLDS = {"precision": 0.95, "recall": 0.95, "acc_10km": 0.95, "acc_161km": 0.98}


@pytest.fixture(scope="module")
def seeds():
    if not SEEDS.is_dir():
        pytest.skip(f"no seed reports at {SEEDS}")
    paths = sorted(SEEDS.glob("*.txt"))
    gold_path, score_path = EVAL / "seeds_gold.json", EVAL / "score.py"
    if not paths or not gold_path.is_file() or not score_path.is_file():
        pytest.skip(f"seed reports, {gold_path.name} or {score_path.name} missing under {SEEDS.parent}")
    spec = importlib.util.spec_from_file_location("shared_eval_score", score_path)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    with open(gold_path, encoding="utf-8") as fh:
        gold = json.load(fh)
    return paths, gold, scorer.score


def score_seeds(seeds, geoparser):
    paths, gold, score = seeds
    records = list(extract_records(paths, geoparser=geoparser))
    assert len(records) == len(paths) == 4
    assert not [r["error"] for r in records if "error" in r]
    preds = {r["id"].rsplit("/", 1)[-1]: json.loads(json.dumps(r)) for r in records}  # as score.py reads them
    return score(gold, preds)


def check(result):
    assert result["missing_documents"] == []
    failing = {k: (result[k], v) for k, v in THRESHOLDS.items() if result[k] is None or result[k] < v}
    assert not failing, f"below threshold: {failing}; full score: {result}"
    assert result["traps_hit"] == 0, result


def test_seeds_score_gazetteer_only(seeds, geoparser):
    check(score_seeds(seeds, geoparser))


@pytest.mark.slow
def test_seeds_score_with_spacy_model(seeds, ner_geoparser):
    check(score_seeds(seeds, ner_geoparser))
