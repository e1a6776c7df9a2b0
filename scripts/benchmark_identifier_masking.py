"""CPU cost of masking others' identifiers in a patient-facing body (docs/security.md, item 1).

A page of 100 visits shaped like :8003's list (ids, dates, complaint, notes, vitals), once with
no identifier anywhere and once with a NIK and a labelled birth date in every note; each is
masked by `records.identifiers.IdentifierMasker` (the caller owns none of them) and, for scale,
encoded by `json.dumps`. Prints the median CPU time (time.process_time) per page over 200 runs.

    .venv/bin/python scripts/benchmark_identifier_masking.py
"""

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from records.identifiers import IdentifierMasker  # noqa: E402

RUNS = 200


def page(with_identifiers: bool) -> dict:
    note = "Kontrol tekanan darah, keluhan pusing berkurang. Lanjut amlodipin 5 mg, kontrol 2 minggu."
    if with_identifiers:
        note += " Diantar ibunya, NIK 3171 0112 8000 0001, tanggal lahir 12-03-1960."
    visits = [
        {
            "id": 1000 + n,
            "patient": 42,
            "visit_date": f"2026-11-{n % 28 + 1:02d}T09:00:00+07:00",
            "facility": "Puskesmas Kecamatan Gambir",
            "chief_complaint": "Pusing dan tengkuk terasa berat",
            "notes": note,
            "vitals": {"systolic": 150, "diastolic": 95, "pulse": 88, "temperature": "36.8"},
        }
        for n in range(100)
    ]
    return {"count": 100, "next": None, "previous": None, "results": visits}


def median_ms(function, body) -> float:
    timings = []
    for _ in range(RUNS):
        started = time.process_time()
        function(body)
        timings.append((time.process_time() - started) * 1000)
    return statistics.median(timings)


def main() -> int:
    for label, with_identifiers in (("no identifier", False), ("an identifier in every note", True)):
        body = page(with_identifiers)
        masker = IdentifierMasker(lambda: (frozenset(), date(1990, 1, 1)))
        masked = median_ms(masker.data, body)
        encoded = median_ms(json.dumps, body)
        print(
            f"100-visit page, {label}: masking {masked:.2f} ms CPU, json.dumps {encoded:.2f} ms CPU (median of {RUNS})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
