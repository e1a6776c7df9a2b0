"""Immunisation schedule: every status boundary, recorded doses, the youngest and oldest child, the API."""

from __future__ import annotations

from datetime import date

import pytest

from calculator.formulas import CalculatorInputError, compute
from calculator.formulas.immunisation import VACCINES_BY_KEY, dose_status

BIRTH = date(2024, 1, 15)


def status(key, dose, on_date, given=None):
    return dose_status(VACCINES_BY_KEY[key], dose - 1, birth_date=BIRTH, on_date=on_date, given=given)


@pytest.mark.parametrize(
    ("on_date", "expected"),
    [(date(2024, 1, 15), "due"), (date(2024, 1, 22), "due"), (date(2024, 1, 23), "missed")],
)
def test_hb0_within_seven_days_then_missed(on_date, expected):
    assert status("hb0", 1, on_date) == expected
    assert status("hb0", 1, on_date, given=1) == "given"


@pytest.mark.parametrize(
    ("on_date", "given", "expected"),
    [
        (date(2024, 2, 14), 0, "upcoming"),  # the day before 1 month
        (date(2024, 2, 15), 0, "due"),  # 1 month exactly
        (date(2024, 3, 14), 0, "due"),  # last day of the due month
        (date(2024, 3, 15), 0, "overdue"),  # 2 months: catch-up
        (date(2024, 3, 15), None, "check_record"),  # not recorded: ask, do not call it overdue
        (date(2024, 3, 15), 1, "given"),
    ],
)
def test_bcg_window(on_date, given, expected):
    assert status("bcg", 1, on_date, given) == expected


@pytest.mark.parametrize(
    ("key", "dose", "months"),
    [
        ("opv", 1, 1),
        ("opv", 4, 4),
        ("dpt_hb_hib", 1, 2),
        ("dpt_hb_hib", 3, 4),
        ("dpt_hb_hib", 4, 18),
        ("pcv", 1, 2),
        ("pcv", 3, 12),
        ("rotavirus", 1, 2),
        ("rotavirus", 3, 4),
        ("ipv", 1, 4),
        ("ipv", 2, 9),
        ("mr", 1, 9),
        ("mr", 2, 18),
    ],
)
def test_every_dose_is_due_at_its_scheduled_age(key, dose, months):
    result = compute(
        "immunisation",
        {"birth_date": "2020-01-15", "on_date": f"{2020 + months // 12}-{months % 12 + 1:02d}-15"},
        today=date(2024, 6, 1),
    )
    entry = next(item for item in result["schedule"] if item["vaccine"] == key and item["dose"] == dose)
    assert entry["scheduled_age_months"] == months and entry["status"] == "due"
    assert entry in result["due"]


def test_recorded_doses_make_later_doses_wait():
    # 5 months old with one DPT-HB-Hib dose: dose 2 (3 months) overdue, dose 3 waits for it.
    body = {"birth_date": "2024-01-15", "on_date": "2024-06-20", "dpt_hb_hib_doses": 1}
    result = compute("immunisation", body, today=date(2024, 6, 20))
    by_dose = {item["dose"]: item["status"] for item in result["schedule"] if item["vaccine"] == "dpt_hb_hib"}
    assert by_dose == {1: "given", 2: "overdue", 3: "after_previous", 4: "upcoming"}
    assert result["category"]["code"] == "overdue" and result["value"] == 1


def test_up_to_date_child_and_next_visit():
    body = {
        "birth_date": "2024-01-15",
        "on_date": "2024-03-20",
        "hb0_doses": 1,
        "bcg_doses": 1,
        "opv_doses": 2,
        "dpt_hb_hib_doses": 1,
        "pcv_doses": 1,
        "rotavirus_doses": 1,
        "ipv_doses": 0,
        "mr_doses": 0,
    }
    result = compute("immunisation", body, "en", today=date(2024, 3, 20))
    assert result["category"]["code"] == "up_to_date" and result["value"] == 0
    assert result["next_date"] == "2024-04-15"
    assert {item["label"] for item in result["next"]} == {
        "Oral polio (bOPV) 3",
        "DTP-HepB-Hib (pentavalent) 2",
        "PCV (pneumococcal) 2",
        "Rotavirus 2",
    }
    indonesian = compute("immunisation", body, today=date(2024, 3, 20))
    assert "pada 15 April 2024" in indonesian["interpretation"]


def test_without_records_it_is_the_schedule_to_check():
    result = compute("immunisation", {"birth_date": "2023-01-15"}, today=date(2024, 6, 1))
    assert result["value"] is None and result["overdue"] == []
    assert result["category"]["code"] == "check_record"  # 16 months: nothing due until 18 months
    assert any(item["status"] == "check_record" for item in result["schedule"])


def test_newborn_and_oldest_child():
    newborn = compute("immunisation", {"birth_date": "2024-06-01"}, today=date(2024, 6, 1))
    assert [item["label"] for item in newborn["due"]] == ["Hepatitis B lahir (HB-0)"]
    oldest = compute("immunisation", {"birth_date": "2010-06-02", "sex": "P"}, today=date(2024, 6, 1))
    assert oldest["next"] == [] and any("HPV" in item["label"] for item in oldest["school_programme"])
    boy = compute("immunisation", {"birth_date": "2015-06-02", "sex": "L"}, today=date(2024, 6, 1))
    assert not any("HPV" in item["label"] for item in boy["school_programme"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "birth_date"),
        ({"birth_date": "2010-06-01"}, "birth_date"),  # 14 years
        ({"birth_date": "2024-06-02"}, "birth_date"),  # tomorrow
        ({"birth_date": "2024-01-01", "on_date": "2024-06-02"}, "on_date"),
        ({"birth_date": "2024-01-01", "dpt_hb_hib_doses": 5}, "dpt_hb_hib_doses"),
        ({"birth_date": "2024-01-01", "hb0_doses": -1}, "hb0_doses"),
        ({"birth_date": "2024-01-01", "opv_doses": 1.5}, "opv_doses"),
    ],
)
def test_bad_input_names_the_field(body, field):
    with pytest.raises(CalculatorInputError) as raised:
        compute("immunisation", body, today=date(2024, 6, 1))
    assert field in raised.value.errors


@pytest.mark.django_db
@pytest.mark.urls("healthkon.urls.calculator")
class TestApi:
    def test_schedule_through_the_api(self, make_user, client_for):
        client = client_for(make_user())
        response = client.post("/calculator/immunisation", {"birth_date": "2023-01-15", "mr_doses": 0, "pcv_doses": 2})
        assert response.status_code == 200, response.data
        result = response.data["result"]
        assert result["category"]["code"] == "overdue" and result["value"] >= 2
        item = {row["calculator"]: row for row in client.get("/metrics/summary").data["results"]}["immunisation"]
        assert item["latest"]["code"] == "overdue"

    def test_bad_date_is_400(self, make_user, client_for):
        response = client_for(make_user()).post("/calculator/immunisation", {"birth_date": "15-01-2023"})
        assert response.status_code == 400 and "birth_date" in response.data
