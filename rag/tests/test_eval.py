"""The labelled set runs end to end: hybrid finds the answers and never leaves the scope."""

from django.core.management import call_command

from rag.eval import runner
from rag.eval.dataset import QUESTIONS, build


def test_labelled_set_is_big_enough_and_bilingual():
    built = build()
    assert len(QUESTIONS) >= 60
    languages = {question.language for question in QUESTIONS}
    assert languages == {"id", "en"}
    keys = set(built.source_keys.values())
    assert all(answer in keys for question in QUESTIONS for answer in question.answers)
    assert built.held


def test_hybrid_retrieval_on_the_labelled_set(tmp_path):
    report = runner.run(variants=[("hybrid", "hybrid", None)], workdir=str(tmp_path))
    hybrid = report["modes"]["hybrid"]
    assert hybrid.out_of_scope == 0
    assert hybrid.recall_at_k >= 0.95
    assert hybrid.mrr >= 0.8


def test_rag_eval_command_prints_every_mode(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(runner, "VARIANTS", runner.VARIANTS[:2])
    monkeypatch.setattr("rag.eval.runner.QUESTIONS", QUESTIONS[:5])
    call_command("rag_eval")
    out = capsys.readouterr().out
    assert "recall@5" in out and "dense" in out and "bm25" in out
