"""Recall per kind, precision and speed of `rag.pii` on the labelled corpus (`rag.eval.pii_corpus`).

A labelled value counts as caught when every character of it is inside a masked span (so a NIK
half masked is a miss). A masked span that overlaps no label is a false positive.
"""

import time
from dataclasses import dataclass, field

from rag.eval.pii_corpus import SNIPPETS, Snippet
from rag.pii import KINDS, PiiMasker


@dataclass
class PiiReport:
    labelled: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    caught: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    misses: list[tuple[str, str]] = field(default_factory=list)  # (kind, value)
    masked_spans: int = 0
    false_positives: list[str] = field(default_factory=list)
    masked_chars: int = 0
    overmasked: list[str] = field(default_factory=list)  # masked text outside any label, span by span
    seconds: float = 0.0
    passages: int = 0

    def recall(self, kind: str) -> float | None:
        return self.caught[kind] / self.labelled[kind] if self.labelled[kind] else None

    @property
    def precision(self) -> float:
        return 1 - len(self.false_positives) / self.masked_spans if self.masked_spans else 1.0

    @property
    def char_precision(self) -> float:
        """Share of masked characters that belong to a labelled value (a span running on is penalised)."""
        outside = sum(len(piece) for piece in self.overmasked)
        return 1 - outside / self.masked_chars if self.masked_chars else 1.0

    @property
    def ms_per_passage(self) -> float:
        return 1000 * self.seconds / self.passages if self.passages else 0.0

    def lines(self) -> list[str]:
        rows = [f"{'kind':<10} {'labelled':>8} {'caught':>7} {'recall':>7}"]
        for kind in KINDS:
            recall = self.recall(kind)
            shown = f"{100 * recall:6.1f}%" if recall is not None else "      -"
            rows.append(f"{kind:<10} {self.labelled[kind]:>8} {self.caught[kind]:>7} {shown}")
        rows.append(
            f"precision {100 * self.precision:.1f}% ({self.masked_spans} masked spans, "
            f"{len(self.false_positives)} false positives: {self.false_positives})"
        )
        rows.append(f"character precision {100 * self.char_precision:.1f}% (masked beyond a label: {self.overmasked})")
        rows.append(f"{self.ms_per_passage:.2f} ms per passage over {self.passages} passages")
        if self.misses:
            rows.append(f"missed: {self.misses}")
        return rows


def _covered(start: int, end: int, spans) -> bool:
    return all(any(span.start <= position < span.end for span in spans) for position in range(start, end))


def evaluate(snippets: tuple[Snippet, ...] = SNIPPETS) -> PiiReport:
    report = PiiReport()
    PiiMasker().spans("pak joko")  # one-off loading (analyzer, word lists) is not a passage's cost
    for snippet in snippets:
        text, labels = snippet.text, snippet.spans
        masker = PiiMasker(
            names=list(snippet.names), addresses=list(snippet.addresses), birth_dates=list(snippet.birth_dates)
        )
        started = time.perf_counter()
        found = masker.spans(text)
        report.seconds += time.perf_counter() - started
        report.passages += 1
        for start, end, kind in labels:
            report.labelled[kind] += 1
            if _covered(start, end, found):
                report.caught[kind] += 1
            else:
                report.misses.append((kind, text[start:end]))
        report.masked_spans += len(found)
        labelled = {position for start, end, _ in labels for position in range(start, end)}
        for span in found:
            report.masked_chars += span.end - span.start
            outside = "".join(text[p] for p in range(span.start, span.end) if p not in labelled).strip()
            if outside:
                report.overmasked.append(outside)
        report.false_positives += [
            text[span.start : span.end]
            for span in found
            if not any(span.start < end and start < span.end for start, end, _ in labels)
        ]
    return report
