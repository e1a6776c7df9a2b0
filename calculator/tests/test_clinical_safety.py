"""Clinical safety round 2 (issue 20, items 1–11): dangerous lows, newborns, children, pregnancy.

Each test sits on a cut-off: the value just inside and just outside, in both languages where the
wording is the point, through the HTTP API where a 400 is the point.
"""

from __future__ import annotations

from datetime import date

import pytest

from calculator.formulas import CalculatorInputError, compute, validate_inputs

TODAY = date(2024, 6, 1)
pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.calculator")]


def errors_for(name: str, raw, lang: str = "en", today: date = TODAY) -> dict[str, list[str]]:
    with pytest.raises(CalculatorInputError) as caught:
        validate_inputs(name, raw, lang=lang, today=today)
    return caught.value.errors


def run(name: str, raw, lang: str = "en", today: date = TODAY) -> dict:
    return compute(name, validate_inputs(name, raw, lang=lang, today=today), lang, today=today)


@pytest.fixture
def api(make_user, client_for):
    return client_for(make_user())


def post(client, name, body, lang="en"):
    return client.post(f"/calculator/{name}", {**body, "save": False}, format="json", HTTP_ACCEPT_LANGUAGE=lang)


# --- 1. Blood pressure: lows, implausible pairs ---------------------------------------------------

BP_SCHEMES = ("esh_2018", "acc_aha_2017", "jnc7")


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("scheme", BP_SCHEMES)
def test_60_over_40_is_very_low_and_urgent_in_every_scheme(scheme, lang):
    result = run("blood-pressure", {"systolic": 60, "diastolic": 40, "scheme": scheme}, lang)
    assert result["category"]["code"] == "severe_hypotension"
    assert {c["code"] for c in result["categories"].values()} == {"severe_hypotension"}
    assert result["urgent"] is True and result["low"] is True
    text = result["interpretation"].lower()
    for reassuring in ("optimal", "good", "baik", "normal"):
        assert reassuring not in text
    assert ("igd" if lang == "id" else "emergency") in text


@pytest.mark.parametrize(
    ("systolic", "diastolic", "code"),
    [
        (79, 50, "severe_hypotension"),
        (80, 50, "hypotension"),
        (89, 70, "hypotension"),
        (90, 70, "optimal"),
        (100, 59, "hypotension"),
        (100, 60, "optimal"),
        (119, 59, "hypotension"),
        (120, 59, "normal"),  # graded by the systolic, with a note on the low diastolic
    ],
)
def test_low_blood_pressure_cut_offs(systolic, diastolic, code):
    result = run("blood-pressure", {"systolic": systolic, "diastolic": diastolic})
    assert result["category"]["code"] == code
    if code.endswith("hypotension"):
        assert {c["code"] for c in result["categories"].values()} == {code}
    assert result["urgent"] is (code == "severe_hypotension")


def test_low_diastolic_under_a_high_systolic_keeps_the_high_grade_and_notes_the_low():
    result = run("blood-pressure", {"systolic": 150, "diastolic": 55})
    assert result["category"]["code"] == "isolated_systolic"
    assert any("below 60" in note for note in result["notes"])


@pytest.mark.parametrize(
    ("systolic", "diastolic", "field"),
    [(100, 91, "diastolic"), (60, 51, "diastolic"), (90, 90, "systolic"), (80, 90, "systolic")],
)
def test_implausible_pairs_are_a_400_asking_to_check_the_measurement(api, systolic, diastolic, field):
    response = post(api, "blood-pressure", {"systolic": systolic, "diastolic": diastolic})
    assert response.status_code == 400
    assert list(response.data) == [field]


def test_pulse_pressure_of_ten_is_accepted(api):
    response = post(api, "blood-pressure", {"systolic": 100, "diastolic": 90})
    assert response.status_code == 200


@pytest.mark.parametrize(("systolic", "diastolic"), [(49, 40), (301, 90), (120, 29), (250, 201)])
def test_out_of_range_numbers_are_a_400(api, systolic, diastolic):
    assert post(api, "blood-pressure", {"systolic": systolic, "diastolic": diastolic}).status_code == 400


# --- 8. Blood pressure in pregnancy ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("systolic", "diastolic", "code", "urgent"),
    [
        (139, 89, "pregnancy_normal", False),
        (140, 80, "hypertension_in_pregnancy", True),
        (130, 90, "hypertension_in_pregnancy", True),
        (159, 109, "hypertension_in_pregnancy", True),
        (160, 100, "severe_hypertension_in_pregnancy", True),
        (150, 110, "severe_hypertension_in_pregnancy", True),
    ],
)
def test_pregnancy_blood_pressure_pathway(systolic, diastolic, code, urgent):
    result = run("blood-pressure", {"systolic": systolic, "diastolic": diastolic, "pregnant": True})
    assert result["pregnancy"]["code"] == code
    assert result["urgent"] is urgent
    if code != "pregnancy_normal":
        assert result["interpretation"].startswith(result["pregnancy"]["label"])
        assert "pre-eclampsia" in result["interpretation"]
        assert "within a few days" not in result["interpretation"]


def test_the_same_reading_outside_pregnancy_is_not_the_pregnancy_pathway():
    result = run("blood-pressure", {"systolic": 140, "diastolic": 90})
    assert result["pregnancy"] is None and result["urgent"] is False


def test_pregnancy_pathway_speaks_indonesian():
    result = run("blood-pressure", {"systolic": 142, "diastolic": 92, "pregnant": True}, "id")
    assert "preeklamsia" in result["interpretation"] and "hari ini" in result["interpretation"]


# --- 2. BMI: thinness graded in every scheme, extremes, implausible entries -------------------------

BMI_SCHEMES = ("kemenkes", "asia_pacific", "who")


def body_for_bmi(bmi: str) -> dict:
    """Weight at 200 cm that gives exactly this 1-decimal BMI (kg = BMI × 4)."""
    from decimal import Decimal

    return {"weight_kg": str(Decimal(bmi) * 4), "height_cm": 200}


@pytest.mark.parametrize(
    ("bmi", "grade"),
    [
        ("15.9", "severe"),
        ("16.0", "moderate"),
        ("16.9", "moderate"),
        ("17.0", "mild"),
        ("18.4", "mild"),
        ("18.5", None),
    ],
)
@pytest.mark.parametrize("scheme", BMI_SCHEMES)
def test_every_scheme_grades_thinness(scheme, bmi, grade):
    result = run("bmi", {**body_for_bmi(bmi), "scheme": scheme})
    assert result["value"] == float(bmi)
    assert result["thinness_grade"] == grade
    assert result["category"]["thinness_grade"] == grade
    if grade is not None:
        assert f"{grade} thinness" in result["category"]["advice"]
        assert "a little below" not in result["interpretation"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_bmi_11_7_on_asia_pacific_is_severe_and_urgent(lang):
    result = run("bmi", {"weight_kg": 33.9, "height_cm": 170, "scheme": "asia_pacific"}, lang)
    assert result["value"] == 11.7 and result["urgent"] is True
    assert result["category"]["thinness_grade"] == "severe"
    text = result["interpretation"].lower()
    assert "sedikit" not in text and "a little" not in text
    assert ("igd" if lang == "id" else "emergency") in text


@pytest.mark.parametrize(("bmi", "urgent"), [("11.9", True), ("12.0", False), ("60.0", False), ("60.1", True)])
def test_extreme_bmi_carries_an_urgent_line(bmi, urgent):
    result = run("bmi", body_for_bmi(bmi))
    assert result["urgent"] is urgent
    assert (
        "can be life-threatening" in result["interpretation"] or "very high risk" in result["interpretation"]
    ) is urgent


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"weight_kg": 7, "height_cm": 150}, 400),  # the example: below the field minimum
        ({"weight_kg": 22.3, "height_cm": 150}, 400),  # BMI 9.9
        ({"weight_kg": 22.5, "height_cm": 150}, 200),  # BMI 10.0
        ({"weight_kg": 150, "height_cm": 100}, 200),  # BMI 150.0
        ({"weight_kg": 150.1, "height_cm": 100}, 400),
        ({"weight_kg": 300, "height_cm": 90}, 400),
    ],
)
def test_implausible_adult_entries_are_a_400_asking_to_check_the_measurement(api, body, status):
    response = post(api, "bmi", body)
    assert response.status_code == status, response.data
    if status == 400:
        assert list(response.data) == ["weight_kg"]


def test_implausible_bmi_message_names_the_range_in_indonesian(api):
    response = post(api, "bmi", {"weight_kg": 20, "height_cm": 150}, lang="id")
    assert "10–150" in response.data["weight_kg"][0] and "Periksa kembali" in response.data["weight_kg"][0]


# --- 4. BMI for children: BMI-for-age (WHO 2007) graded by Permenkes 2/2020 -------------------------


def child_born(days_ago: int) -> str:
    from datetime import timedelta

    return (TODAY - timedelta(days=days_ago)).isoformat()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"age": 4}, "age"),  # under 5: pointer to child-growth
        ({"age": 0}, "age"),
        ({"age": 5}, "birth_date"),  # 5–17 by age alone: the birth date is needed
        ({"age": 17}, "birth_date"),
        ({"birth_date": child_born(1856), "sex": "male"}, "birth_date"),  # 60 months: child-growth
        ({"birth_date": child_born(2500)}, "sex"),  # a child needs the sex
        ({"birth_date": "2010-01-01", "age": 15, "sex": "female"}, "age"),  # 14 by the birth date
    ],
)
def test_children_are_never_judged_by_adult_cut_offs(body, field):
    assert field in errors_for("bmi", {"weight_kg": 20, "height_cm": 115, **body})


def test_a_child_by_age_alone_is_a_400_through_the_api(api):
    response = post(api, "bmi", {"weight_kg": 20, "height_cm": 115, "age": 9})
    assert response.status_code == 400 and "birth_date" in response.data


def test_under_five_refusal_points_to_child_growth():
    assert "child-growth" in errors_for("bmi", {"weight_kg": 15, "height_cm": 100, "age": 3})["age"][0]


@pytest.mark.parametrize(("age", "status"), [(18, 200), (120, 200)])
def test_adults_by_age_use_the_adult_schemes(age, status):
    result = run("bmi", {"weight_kg": 70, "height_cm": 175, "age": age})
    assert result["population"] == "adult" and result["category"]["code"] == "normal"


@pytest.mark.parametrize(
    ("sex", "bmi", "code"),
    [
        # Boy of exactly 120 months: WHO 2007 SD lines 12.8 / 13.7 / 14.9 / 16.4 / 18.5 / 21.4 / 26.1.
        ("male", 12.7, "severely_thin"),
        ("male", 12.9, "thin"),
        ("male", 13.6, "thin"),
        ("male", 13.8, "normal"),
        ("male", 18.4, "normal"),
        ("male", 18.6, "overweight"),
        ("male", 21.3, "overweight"),
        ("male", 21.5, "obese"),
        ("female", 22.5, "overweight"),  # girls: +2 SD 22.6
        ("female", 22.7, "obese"),
    ],
)
def test_child_bmi_for_age_bands(sex, bmi, code):
    from calculator.formulas.body import _child_bmi
    from calculator.formulas.rounding import round_half_up_decimal

    born = date(2014, 6, 1)
    on = date(2024, 6, 1)
    # 120 months exactly: 3653 days / 30.4375 = 120.02; use the day count WHO's months give.
    on = date.fromordinal(born.toordinal() + round(120 * 30.4375))
    weight = bmi * 1.4**2
    result = _child_bmi(round_half_up_decimal(bmi, 1), weight, 140, sex, born, on, "en")
    assert result["category"]["code"] == code, result["bmi_for_age"]


def test_child_result_through_the_api_is_graded_by_bmi_for_age(api):
    # A 10-year-old girl, 140 cm, 30 kg: BMI 15.3, normal for her age (adult schemes would call it thin).
    response = post(api, "bmi", {"weight_kg": 30, "height_cm": 140, "birth_date": "2014-01-01", "sex": "F"})
    assert response.status_code == 200
    result = response.data["result"]
    assert result["population"] == "child" and result["scheme"] == "permenkes_2_2020"
    assert result["category"]["code"] == "normal" and -2 <= result["bmi_for_age"]["z"] <= 1
    assert set(result["categories"]) == {"permenkes_2_2020"}


@pytest.mark.parametrize(("days", "population"), [(1857, "child"), (6574, "child"), (6575, "adult")])
def test_youngest_child_and_first_adult_day(days, population):
    # 1857 days: the first day past child-growth's tables; 6575 days before 2024-06-01 is the 18th birthday.
    result = run("bmi", {"weight_kg": 17, "height_cm": 108, "birth_date": child_born(days), "sex": "male"})
    assert result["population"] == population


def test_implausible_child_bmi_asks_to_check_the_measurement():
    result = run("bmi", {"weight_kg": 90, "height_cm": 110, "birth_date": child_born(2500), "sex": "male"})
    assert result["bmi_for_age"]["flag"] is True
    assert "Check the measurement" in result["interpretation"]


class TestBmiForAFamilyMemberWhoIsAChild:
    @pytest.fixture
    def parent(self, make_user):
        from records.tests.factories import PatientFactory

        user = make_user()
        PatientFactory(user=user, birth_date=date(1985, 1, 1), sex="F")
        return user

    @pytest.fixture
    def child(self, parent):
        from datetime import timedelta

        from django.utils import timezone

        from records.models import Patient
        from records.tests.factories import PatientFactory, RelationFactory

        kid = PatientFactory(birth_date=timezone.localdate() - timedelta(days=3650), sex="M")
        RelationFactory(
            patient=Patient.objects.get(user=parent), related_patient=kid, relationship="child", can_view_records=True
        )
        return kid

    def test_the_childs_record_makes_it_bmi_for_age(self, parent, child, client_for):
        response = post(client_for(parent), "bmi", {"weight_kg": 28, "height_cm": 135, "patient": child.pk})
        assert response.status_code == 200, response.data
        assert response.data["result"]["population"] == "child"
        assert response.data["inputs"]["sex"] == "male"

    def test_an_adult_age_for_a_child_is_refused(self, parent, child, client_for):
        body = {"weight_kg": 28, "height_cm": 135, "patient": child.pk, "age": 30}
        assert post(client_for(parent), "bmi", body).status_code == 400

    def test_a_different_birth_date_is_refused(self, parent, child, client_for):
        body = {"weight_kg": 28, "height_cm": 135, "patient": child.pk, "birth_date": "2015-01-01", "sex": "M"}
        response = post(client_for(parent), "bmi", body)
        assert response.status_code == 400 and "birth_date" in response.data

    def test_an_adult_patient_stays_on_the_adult_schemes(self, parent, client_for):
        response = post(client_for(parent), "bmi", {"weight_kg": 60, "height_cm": 160})
        assert response.data["result"]["population"] == "adult"


# --- 5. Formulas outside their valid range: a 400 with the range, never 0 or negative ---------------


@pytest.mark.parametrize(("height", "status"), [(100, 400), (139.9, 400), (140, 200), (250, 200), (250.1, 400)])
def test_ideal_weight_valid_heights(api, height, status):
    response = post(api, "ideal-weight", {"height_cm": height, "sex": "F"})
    assert response.status_code == status
    if status == 400:
        assert "140–250 cm" in response.data["height_cm"][0]
    else:
        result = response.data["result"]
        assert all(method["value"] > 30 for method in result["methods"].values())


def test_ideal_weight_range_message_in_indonesian(api):
    response = post(api, "ideal-weight", {"height_cm": 100, "sex": "M"}, lang="id")
    assert response.data["height_cm"][0].startswith("Minimal 140 cm.") and "140–250 cm" in response.data["height_cm"][0]


@pytest.mark.parametrize("name", ["bmr", "tdee"])
@pytest.mark.parametrize(("weight", "height", "status"), [(20, 150, 400), (22.5, 150, 200), (300, 140, 400)])
def test_energy_refuses_an_implausible_body(api, name, weight, height, status):
    body = {"weight_kg": weight, "height_cm": height, "age": 30, "sex": "F", "activity": "sedentary"}
    response = post(api, name, body)
    assert response.status_code == status
    if status == 200:
        assert response.data["result"]["value"] > 0


def test_findrisc_refuses_an_implausible_body(api):
    body = {
        "age": 50,
        "weight_kg": 20,
        "height_cm": 180,
        "waist_cm": 80,
        "sex": "M",
        "physically_active": True,
        "daily_vegetables": True,
        "bp_medication": False,
        "high_glucose_history": False,
        "family_history": "none",
    }
    assert post(api, "findrisc", body).status_code == 400


# --- 8. TDEE in pregnancy and breastfeeding (AKG 2019) ------------------------------------------------

OBESE_WOMAN = {"weight_kg": 90, "height_cm": 155, "age": 28, "sex": "F", "activity": "light"}


@pytest.mark.parametrize(("trimester", "extra"), [("1", 180), ("2", 300), ("3", 300)])
def test_pregnancy_adds_the_akg_energy_and_never_a_deficit(trimester, extra):
    plain = run("tdee", OBESE_WOMAN)
    assert plain["energy_goal"]["goal"] == "lose"
    result = run("tdee", {**OBESE_WOMAN, "pregnant": True, "trimester": trimester})
    goal = result["energy_goal"]
    assert goal["goal"] == "pregnancy" and goal["addition_kcal"] == extra
    assert goal["target_kcal"] == round(plain["value"] + 0.5 - 1e-9) + extra  # TDEE (whole kcal) + addition
    assert "Do not diet" in result["interpretation"]
    assert "lose weight safely" not in result["interpretation"]


@pytest.mark.parametrize(("period", "extra"), [("first_6_months", 330), ("second_6_months", 400)])
def test_breastfeeding_adds_the_akg_energy(period, extra):
    result = run("tdee", {**OBESE_WOMAN, "lactating": True, "lactation_period": period}, "id")
    assert result["energy_goal"]["goal"] == "lactation" and result["energy_goal"]["addition_kcal"] == extra
    assert "menyusui" in result["interpretation"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"pregnant": True}, "trimester"),
        ({"pregnant": True, "trimester": "2", "lactating": True}, "lactating"),
        ({"sex": "M", "pregnant": True, "trimester": "1"}, "pregnant"),
        ({"sex": "M", "lactating": True}, "lactating"),
    ],
)
def test_pregnancy_inputs_that_do_not_fit_are_a_400(api, extra, field):
    response = post(api, "tdee", {**OBESE_WOMAN, **extra})
    assert response.status_code == 400 and field in response.data


# --- 9. FINDRISC: a glucose test at every score when PERKENI advises one ---------------------------

FINDRISC_LOW = {
    "age": 35,
    "bmi": 22.9,
    "waist_cm": 78,
    "sex": "F",
    "physically_active": True,
    "daily_vegetables": True,
    "bp_medication": False,
    "high_glucose_history": False,
    "family_history": "none",
}


@pytest.mark.parametrize(
    ("change", "reasons"),
    [
        ({}, []),
        ({"age": 44}, []),
        ({"age": 45}, ["age_45_or_over"]),
        ({"bmi": 23.0}, []),  # BMI 23 alone is not enough
        ({"bmi": 23.0, "physically_active": False}, ["bmi_23_with_risk_factor"]),
        ({"bmi": 22.9, "physically_active": False}, []),
        ({"bmi": 23.0, "family_history": "first_degree"}, ["bmi_23_with_risk_factor"]),
        ({"bmi": 23.0, "family_history": "second_degree"}, []),
        ({"bmi": 23.0, "bp_medication": True}, ["bmi_23_with_risk_factor"]),
        ({"high_glucose_history": True}, ["high_glucose_history"]),
        ({"age": 120}, ["age_45_or_over"]),
    ],
)
def test_findrisc_glucose_test_advice(change, reasons):
    result = run("findrisc", {**FINDRISC_LOW, **change})
    assert result["glucose_test"]["reasons"] == reasons
    assert result["glucose_test"]["advised"] is bool(reasons)
    assert ("PERKENI advises a blood-glucose test" in result["interpretation"]) is bool(reasons)


def test_a_low_score_at_45_still_advises_a_glucose_test_in_indonesian():
    result = run("findrisc", {**FINDRISC_LOW, "age": 45}, "id")
    assert result["category"]["code"] == "low"
    assert "periksakan gula darah" in result["interpretation"] and "setiap 3 tahun" in result["interpretation"]


# --- 3. Newborns: low birth weight (BBLR), gestational age, corrected age ----------------------------

NEWBORN = {"sex": "male", "age_months": 0, "length_cm": 44, "measured": "lying"}


@pytest.mark.parametrize(
    ("weight", "code", "urgent"),
    [
        (0.99, "extremely_low_birth_weight", True),
        (1.0, "very_low_birth_weight", True),
        (1.49, "very_low_birth_weight", True),
        (1.5, "low_birth_weight", False),
        (2.49, "low_birth_weight", False),
        (2.5, None, False),
    ],
)
def test_newborn_birth_weight_bands(weight, code, urgent):
    result = run("child-growth", {**NEWBORN, "weight_kg": weight})
    assert (result["birth_weight"] or {}).get("code") == code
    assert result["urgent"] is urgent


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_1_5_kg_newborn_is_bblr_seen_today_not_severely_stunted_this_week(lang):
    result = run("child-growth", {**NEWBORN, "weight_kg": 1.5, "length_cm": 40}, lang)
    text = result["interpretation"]
    assert text.startswith(result["birth_weight"]["label"])
    assert ("BBLR" if lang == "id" else "Low birth weight") in text
    assert ("hari ini" if lang == "id" else "today") in text
    assert ("minggu ini" if lang == "id" else "this week") not in text
    for indicator in result["indicators"].values():
        assert "this week" not in (indicator["advice"] or "") and "minggu ini" not in (indicator["advice"] or "")
    assert any("gestational_age_weeks" in note for note in result["notes"])  # asks for the gestational age


def test_very_low_birth_weight_goes_to_hospital_now():
    result = run("child-growth", {**NEWBORN, "weight_kg": 1.2, "length_cm": 38})
    assert "hospital now" in result["interpretation"]


def test_gestational_age_given_is_not_asked_again():
    result = run("child-growth", {**NEWBORN, "weight_kg": 2.2, "gestational_age_weeks": 38})
    assert not any("gestational_age_weeks" in note for note in result["notes"])


@pytest.mark.parametrize(("days", "newborn"), [(28, True), (29, False)])
def test_bblr_headline_only_in_the_neonatal_period(days, newborn):
    from datetime import timedelta

    body = {**NEWBORN, "weight_kg": 2.4, "length_cm": 46, "birth_date": (TODAY - timedelta(days=days)).isoformat()}
    del body["age_months"]
    result = run("child-growth", body)
    assert (result["birth_weight"] is not None) is newborn


def test_a_recorded_birth_weight_is_named_later_on():
    body = {"sex": "female", "age_months": 6, "weight_kg": 6.5, "length_cm": 63, "measured": "lying"}
    result = run("child-growth", {**body, "birth_weight_kg": 2.1})
    assert result["birth_weight"]["code"] == "low_birth_weight" and result["birth_weight"]["advice"] is None
    assert any("posyandu" in note for note in result["notes"])


@pytest.mark.parametrize(
    ("weeks", "corrected"),
    [(36, 61 - 4 * 7), (37, None), (22, None)],  # 22 weeks: 18 weeks short, before term at 61 days
)
def test_preterm_babies_use_corrected_age(weeks, corrected):
    body = {"sex": "female", "age_months": 2, "weight_kg": 4, "length_cm": 54, "measured": "lying"}
    result = run("child-growth", {**body, "gestational_age_weeks": weeks})
    assert result["age_days"] == 61
    if weeks < 37 and corrected is not None:
        assert result["corrected_age_days"] == corrected and result["preterm"] is True
    if weeks == 22:
        assert result["corrected_age_days"] == 61 - 18 * 7
        assert all(indicator["code"] == "not_computed" for indicator in result["indicators"].values())
        assert "preterm growth chart" in result["interpretation"]
    if weeks == 37:
        assert result["preterm"] is False and result["corrected_age_days"] is None


def test_corrected_age_improves_a_preterm_babys_weight_for_age():
    body = {"sex": "male", "age_months": 3, "weight_kg": 4.5, "length_cm": 56, "measured": "lying"}
    chronological = run("child-growth", body)["indicators"]["weight_for_age"]["z"]
    corrected = run("child-growth", {**body, "gestational_age_weeks": 32})["indicators"]["weight_for_age"]["z"]
    assert corrected > chronological


@pytest.mark.parametrize(("days", "corrected"), [(730, True), (731, False)])
def test_corrected_age_stops_at_24_months(days, corrected):
    from datetime import timedelta

    body = {
        "sex": "male",
        "birth_date": (TODAY - timedelta(days=days)).isoformat(),
        "weight_kg": 11,
        "length_cm": 84,
        "measured": "lying",
        "gestational_age_weeks": 34,
    }
    assert (run("child-growth", body)["corrected_age_days"] is not None) is corrected


@pytest.mark.parametrize(("months", "today"), [(2, True), (5.9, True), (6.1, False)])
def test_very_low_weight_under_6_months_is_seen_today(months, today):
    body = {"sex": "male", "age_months": months, "length_cm": 55 + months, "measured": "lying"}
    from calculator.formulas.who_growth import age_days_from_months, growth_table

    lms = growth_table("weianthro")[(1, age_days_from_months(months))]
    result = run("child-growth", {**body, "weight_kg": round(lms.value_at(-3.3), 2)})
    advice = result["indicators"]["weight_for_age"]["advice"]
    assert result["indicators"]["weight_for_age"]["code"] == "severely_underweight"
    assert ("today" in advice) is today and ("this week" in advice) is (not today)


# --- 9. Pregnancy: danger signs every trimester, post-term headline, trimester sources ---------------


def pregnancy_on(days: int, lang: str = "en") -> dict:
    from datetime import timedelta

    lmp = date(2024, 1, 1)
    on = lmp + timedelta(days=days)
    return compute("pregnancy", {"last_period_date": lmp, "on_date": on}, lang, today=on)


@pytest.mark.parametrize(("days", "trimester"), [(0, 1), (13 * 7 + 6, 1), (14 * 7, 2), (28 * 7, 3), (41 * 7, 3)])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_trimester_lists_its_danger_signs(days, trimester, lang):
    result = pregnancy_on(days, lang)
    assert result["trimester"] == trimester
    assert result["danger_signs"] and all(sign in result["interpretation"] for sign in result["danger_signs"])
    assert ("Tanda bahaya" if lang == "id" else "Danger signs") in result["interpretation"]
    bleeding = "perdarahan" if lang == "id" else "bleeding"
    assert any(bleeding in sign for sign in result["danger_signs"])


@pytest.mark.parametrize(
    ("days", "headline", "urgent"),
    [
        (41 * 7 - 1, None, False),
        (41 * 7, "41 weeks", False),
        (42 * 7 - 1, "41 weeks", False),
        (42 * 7, "post-term", True),
    ],
)
def test_late_and_post_term_lead_the_interpretation(days, headline, urgent):
    result = pregnancy_on(days)
    assert result["urgent"] is urgent and result["post_term"] is urgent
    if headline is None:
        assert result["interpretation"].startswith("On ")
    else:
        assert (
            result["interpretation"].startswith("The pregnancy is")
            and headline in result["interpretation"].split(".")[0]
        )


@pytest.mark.parametrize(("days", "kemenkes"), [(12 * 7 + 6, 1), (13 * 7, 2), (24 * 7 + 6, 2), (25 * 7, 3)])
def test_kemenkes_antenatal_trimester_alongside(days, kemenkes):
    assert pregnancy_on(days)["trimester_kemenkes"] == kemenkes


# --- 11. Water for children under 2: breastfeeding, not litres ------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
def test_water_for_a_one_year_old_speaks_of_breastfeeding(lang):
    result = run("water-intake", {"age": 1, "sex": "female", "weight_kg": 9}, lang)
    text = result["interpretation"]
    assert ("ASI" if lang == "id" else "breastfeed") in text
    assert "mL" not in text and "gelas" not in text and "glasses" not in text
    assert result["glasses_250_ml"] is None


def test_water_from_two_years_gives_the_volume():
    result = run("water-intake", {"age": 2, "sex": "female"})
    assert "1150 mL" in result["interpretation"] and result["glasses_250_ml"] == 5


# --- 6. KMS colours: the card's bands are the Permenkes 2/2020 categories, a boy's card is blue ----------

KMS_COLOUR_OF_CODE = {
    "normal": "green",
    "underweight": "yellow",
    "stunted": "yellow",
    "wasted": "yellow",
    "risk_of_overweight": "yellow",
    "tall": "yellow",
    "possible_risk_of_overweight": "yellow",
    "overweight": "orange",
    "severely_underweight": "red",
    "severely_stunted": "red",
    "severely_wasted": "red",
    "obese": "red",
}


@pytest.mark.parametrize("indicator", ["weight_for_age", "length_for_age", "weight_for_length", "bmi_for_age"])
def test_kms_bands_follow_the_permenkes_categories(indicator):
    from calculator import charts
    from calculator.formulas.child_growth import status_code

    names = {charts.KMS_GREEN: "green", charts.KMS_YELLOW: "yellow", charts.KMS_ORANGE: "orange", charts.KMS_RED: "red"}
    for step in range(-450, 451):
        if step % 100 == 0:
            continue  # the cut-offs themselves are lines on the card, not bands
        z = step / 100  # every 2-decimal z-score a result can show, from −4.49 to +4.49
        band = next(
            colour
            for low, high, colour in charts.KMS_BANDS[indicator]
            if (low is None or z > low) and (high is None or z < high)
        )
        assert names[band] == KMS_COLOUR_OF_CODE[status_code(indicator, z)], (indicator, z)


@pytest.mark.parametrize(("sex", "card", "other"), [("male", "#bbdefb", "#f8bbd0"), ("female", "#f8bbd0", "#bbdefb")])
def test_a_boys_card_is_blue_and_a_girls_card_pink(sex, card, other):
    from calculator import charts

    svg = charts.growth_chart(indicator="weight_for_age", sex=sex, points=[]).decode()
    assert card in svg and other not in svg
    assert f'id="card-{sex}"' in svg


# --- 7. Naik / Tidak naik (N/T) against the KBM; 2T is a referral sign -------------------------------

from calculator.formulas.weight_gain import kbm_grams  # noqa: E402


@pytest.mark.parametrize(
    ("months", "kbm"),
    [(0, None), (1, 800), (2, 900), (3, 800), (4, 600), (5, 500), (6, 400), (7, 400), (8, 300), (10, 300)]
    + [(11, 200), (12, 200), (60, 200), (61, None)],
)
def test_kbm_by_age(months, kbm):
    assert kbm_grams(months) == kbm


def run_weighing(body: dict, lang: str = "en") -> dict:
    return run("child-growth", body, lang, today=date(2024, 6, 20))


def weighing_body(**extra) -> dict:
    # A boy born 2023-12-01, weighed on the 15th of each month: 6 completed months on 2024-06-15 (KBM 400 g).
    return {
        "sex": "male",
        "birth_date": "2023-12-01",
        "on_date": "2024-06-15",
        "weight_kg": 7.6,
        "length_cm": 66,
        "measured": "lying",
        **extra,
    }


@pytest.mark.parametrize(("previous", "status"), [(7.2, "N"), (7.201, "T"), (7.6, "T"), (7.8, "T")])
def test_naik_needs_at_least_the_kbm(previous, status):
    result = run_weighing(weighing_body(previous_weight_kg=previous, previous_date="2024-05-15"))
    assert result["weight_gain"]["status"] == status and result["weight_gain"]["kbm_g"] == 400
    assert result["weight_gain"]["two_t"] is False


@pytest.mark.parametrize(("previous_date", "status"), [("2024-05-01", "N"), ("2024-04-30", "not_judged")])
def test_only_weighings_a_month_apart_are_judged(previous_date, status):
    result = run_weighing(weighing_body(previous_weight_kg=7.0, previous_date=previous_date))
    assert result["weight_gain"]["status"] == status


@pytest.mark.parametrize(
    ("earlier", "two_t"),
    [(7.4, True), (6.9, False)],  # earlier → previous: +100 g at 5 months (KBM 500) is T; +600 g is N
)
def test_two_t_in_a_row_is_a_referral_sign(earlier, two_t):
    body = weighing_body(
        previous_weight_kg=7.5, previous_date="2024-05-15", earlier_weight_kg=earlier, earlier_date="2024-04-15"
    )
    result = run_weighing(body)
    assert result["weight_gain"]["status"] == "T"
    assert result["weight_gain"]["two_t"] is two_t and result["weight_gain"]["referral"] is two_t
    assert result["interpretation"].startswith("This month's weighing") is two_t  # a referral sign leads


def test_two_t_speaks_indonesian():
    body = weighing_body(
        previous_weight_kg=7.5, previous_date="2024-05-15", earlier_weight_kg=7.4, earlier_date="2024-04-15"
    )
    result = run_weighing(body, "id")
    assert result["interpretation"].startswith("Penimbangan bulan ini: Tidak naik (T)")
    assert "dirujuk" in result["interpretation"] and "puskesmas" in result["interpretation"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"previous_weight_kg": 7.0}, "previous_date"),
        ({"previous_date": "2024-05-15"}, "previous_weight_kg"),
        ({"previous_weight_kg": 7.0, "previous_date": "2024-06-15"}, "previous_date"),
        ({"previous_weight_kg": 7.0, "previous_date": "2023-11-15"}, "previous_date"),
        ({"earlier_weight_kg": 7.0, "earlier_date": "2024-04-15"}, "previous_date"),
        (
            {
                "previous_weight_kg": 7.0,
                "previous_date": "2024-05-15",
                "earlier_weight_kg": 6.8,
                "earlier_date": "2024-05-20",
            },
            "earlier_date",
        ),
    ],
)
def test_weighings_that_do_not_fit_are_a_400(api, extra, field):
    body = {**weighing_body(**extra), "on_date": "2024-06-15"}
    with pytest.raises(CalculatorInputError) as caught:
        validate_inputs("child-growth", body, lang="en", today=date(2024, 6, 20))
    assert field in caught.value.errors


def test_youngest_child_is_not_judged():
    body = {**weighing_body(), "birth_date": "2024-05-20", "weight_kg": 4.0, "length_cm": 53}
    result = run_weighing({**body, "previous_weight_kg": 3.3, "previous_date": "2024-05-25"})
    assert result["weight_gain"]["status"] == "not_judged"  # under 1 month: no KBM


def test_with_age_in_months_the_weighing_dates_still_decide():
    body = {"sex": "female", "age_months": 24, "weight_kg": 11.0, "length_cm": 85, "measured": "standing"}
    result = run("child-growth", {**body, "previous_weight_kg": 10.9, "previous_date": "2024-05-01"})
    assert result["weight_gain"]["status"] == "T" and result["weight_gain"]["kbm_g"] == 200


# --- History: clinic-visit BMI of a child is BMI-for-age, an under-five's is left out -----------------


class TestClinicVisitBmiOfAChild:
    @pytest.fixture
    def parent(self, make_user):
        from records.tests.factories import PatientFactory

        user = make_user()
        PatientFactory(user=user, birth_date=date(1985, 1, 1), sex="F")
        return user

    def child(self, parent, days_old: int):
        from datetime import timedelta

        from django.utils import timezone

        from records.models import Patient
        from records.tests.factories import MedicalRecordFactory, PatientFactory, RelationFactory

        kid = PatientFactory(birth_date=timezone.localdate() - timedelta(days=days_old), sex="F")
        RelationFactory(
            patient=Patient.objects.get(user=parent), related_patient=kid, relationship="child", can_view_records=True
        )
        MedicalRecordFactory(patient=kid, visit_date=timezone.now(), weight_kg=30, height_cm=140)
        return kid

    def test_a_ten_year_old_gets_bmi_for_age_in_the_summary(self, parent, client_for):
        kid = self.child(parent, 3653)
        items = client_for(parent).get(f"/metrics/summary?patient={kid.pk}").data["results"]
        bmi = next(item for item in items if item["calculator"] == "bmi")
        assert bmi["latest"]["source"] == "clinic_visit" and bmi["latest"]["code"] == "normal"  # not adult "thin"

    def test_an_under_five_has_no_bmi_reading(self, parent, client_for):
        kid = self.child(parent, 1000)
        items = client_for(parent).get(f"/metrics/summary?patient={kid.pk}").data["results"]
        assert all(item["calculator"] != "bmi" for item in items)
