"""Advice that cannot harm (issue #11): each harmful sentence, at the exact input that produced it."""

import pytest

from calculator.formulas import compute
from calculator.formulas.body import whtr_category_code

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.calculator")]


@pytest.fixture
def client(make_user, client_for):
    return client_for(make_user())


def run(client, name, body, lang="id"):
    response = client.post(f"/calculator/{name}", {**body, "save": False}, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200, response.data
    return response.data["result"]


# --- TDEE ------------------------------------------------------------------------------------

THIN_WOMAN = {"weight_kg": 40, "height_cm": 170, "age": 30, "sex": "F", "activity": "sedentary"}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_tdee_never_tells_a_severely_thin_woman_to_eat_less(client, lang):
    result = run(client, "tdee", THIN_WOMAN, lang)
    assert result["bmi"] == {"value": 13.8, "code": "severe_thinness", "scheme": "kemenkes"}
    assert result["energy_goal"]["goal"] == "gain"
    text = result["interpretation"].lower()
    assert "500 kcal a day less" not in text and "kurangi sekitar 500" not in text
    assert "lose weight" not in text and "menurunkan berat" not in text
    gain = {"en": "gain weight", "id": "menaikkan berat badan"}[lang]
    assert gain in text
    assert result["energy_goal"]["target_kcal"] >= round(result["value"])  # at least the maintenance need


@pytest.mark.parametrize(
    "body, goal",
    [
        ({"weight_kg": 70, "height_cm": 175, "age": 30, "sex": "M", "activity": "moderate"}, "maintain"),  # BMI 22.9
        ({"weight_kg": 100, "height_cm": 170, "age": 40, "sex": "M", "activity": "moderate"}, "lose"),  # BMI 34.6
        ({"weight_kg": 52, "height_cm": 170, "age": 30, "sex": "F", "activity": "light"}, "gain"),  # BMI 18.0
    ],
)
def test_tdee_advice_follows_the_bmi(client, body, goal):
    result = run(client, "tdee", body, "en")
    assert result["energy_goal"]["goal"] == goal
    assert ("lose weight" in result["interpretation"]) is (goal == "lose")


@pytest.mark.parametrize(
    "body, floor",
    [
        # Obese women whose TDEE minus 500 would fall below 1,200 kcal: the target stops at the floor.
        ({"weight_kg": 90, "height_cm": 150, "age": 80, "sex": "F", "activity": "sedentary"}, 1200),
        ({"weight_kg": 70, "height_cm": 150, "age": 90, "sex": "F", "activity": "sedentary"}, 1200),
        # An obese man with a low TDEE: 1,500 kcal floor.
        ({"weight_kg": 85, "height_cm": 150, "age": 85, "sex": "M", "activity": "sedentary"}, 1500),
    ],
)
def test_weight_loss_target_never_below_the_safe_floor(client, body, floor):
    result = run(client, "tdee", body, "en")
    goal = result["energy_goal"]
    assert result["value"] - 500 < floor  # the old advice would have gone under the floor
    assert goal["safe_floor_kcal"] == floor and goal["floor_applied"] is True
    assert goal["target_kcal"] >= floor
    assert f"{result['value'] - 500:.0f} kcal" not in result["interpretation"]


def test_no_cut_at_all_when_the_need_is_already_at_the_floor():
    # Obese (BMI 31.1) but her TDEE (about 1,100 kcal) is under the 1,200 kcal floor: do not cut.
    result = compute("tdee", {"weight_kg": 63, "height_cm": 142, "age": 95, "sex": "F", "activity": "sedentary"}, "en")
    assert result["value"] <= 1200 and result["bmi"]["code"] == "obese"
    assert result["energy_goal"] == {
        "goal": "maintain",
        "target_kcal": round(result["value"]),
        "safe_floor_kcal": 1200,
        "floor_applied": True,
    }
    assert "do not cut your food" in result["interpretation"]


# --- Child growth ----------------------------------------------------------------------------

SHORT_BOY = {"sex": "M", "age_months": 36, "weight_kg": 10.0, "length_cm": 83.0, "measured": "standing"}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_very_low_weight_for_age_is_not_called_severe_malnutrition(client, lang):
    result = run(client, "child-growth", SHORT_BOY, lang)
    indicators = result["indicators"]
    assert indicators["weight_for_age"]["z"] == -3.01 and indicators["weight_for_age"]["code"] == "severely_underweight"
    assert indicators["weight_for_height"]["z"] == -1.40 and indicators["weight_for_height"]["code"] == "normal"
    assert indicators["height_for_age"]["code"] == "severely_stunted"
    everything = " ".join([result["interpretation"], *(i["advice"] or "" for i in indicators.values())]).lower()
    for harmful in ("severe malnutrition", "gizi buruk", "penanganan gizi", "hospital now", "rumah sakit"):
        assert harmful not in everything
    refer = {"en": "to be assessed", "id": "untuk dinilai"}[lang]
    assert refer in indicators["weight_for_age"]["advice"]


def test_severe_stunting_advice_is_not_severe_wasting_advice():
    result = compute("child-growth", SHORT_BOY, "en")
    stunting = result["indicators"]["height_for_age"]["advice"]
    wasted = compute(
        "child-growth", {"sex": "M", "age_months": 30, "weight_kg": 10.2, "length_cm": 90, "measured": "standing"}, "en"
    )
    assert wasted["indicators"]["weight_for_height"]["code"] == "severely_wasted"
    assert "stunting" in stunting and stunting != wasted["indicators"]["weight_for_height"]["advice"]
    assert "severe malnutrition" not in stunting


def test_severe_wasting_still_gets_the_urgent_treatment_advice():
    result = compute(
        "child-growth", {"sex": "M", "age_months": 30, "weight_kg": 10.2, "length_cm": 90, "measured": "standing"}, "id"
    )
    assert result["indicators"]["weight_for_height"]["z"] < -3
    assert "penanganan gizi buruk" in result["interpretation"]
    assert "penanganan gizi buruk" in result["indicators"]["weight_for_height"]["advice"]


def test_low_bmi_for_age_alone_refers_for_assessment_not_treatment():
    # IMT/U < −3 with BB/TB ≥ −3 (BMI and WHZ differ slightly): only BB/TB decides treatment.
    result = compute(
        "child-growth", {"sex": "M", "age_months": 30, "weight_kg": 10.2, "length_cm": 90, "measured": "standing"}, "en"
    )
    assert "weight-for-length/height" in result["indicators"]["bmi_for_age"]["advice"]
    assert "severe malnutrition" not in result["indicators"]["bmi_for_age"]["advice"]


# --- Blood pressure ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
def test_one_reading_of_132_78_says_what_one_reading_can_say(client, lang):
    result = run(client, "blood-pressure", {"systolic": 132, "diastolic": 78, "scheme": "acc_aha_2017"}, lang)
    assert result["category"]["code"] == "stage_1" and result["urgent"] is False
    text = result["interpretation"]
    for harmful in ("get treatment", "mendapat penanganan", "Your blood pressure is high", "Tekanan darah Anda tinggi"):
        assert harmful not in text
    expected = {
        "en": ("One reading", "Measure again", "different days", "doctor"),
        "id": ("Satu pengukuran", "Ukur ulang", "hari yang berbeda", "dokter"),
    }[lang]
    for phrase in expected:
        assert phrase in text
    assert "IGD" not in text and "emergency" not in text


@pytest.mark.parametrize(
    "systolic, diastolic, urgent",
    [(179, 109, False), (180, 100, True), (170, 110, True), (185, 125, True), (160, 100, False)],
)
def test_urgent_wording_only_for_crisis_values(systolic, diastolic, urgent):
    for scheme in ("esh_2018", "acc_aha_2017", "jnc7"):
        result = compute("blood-pressure", {"systolic": systolic, "diastolic": diastolic, "scheme": scheme}, "en")
        assert result["urgent"] is urgent
        assert ("emergency department" in result["interpretation"]) is urgent


def test_crisis_reading_keeps_the_urgent_advice():
    result = compute("blood-pressure", {"systolic": 185, "diastolic": 125, "scheme": "acc_aha_2017"}, "id")
    assert result["category"]["code"] == "crisis"
    assert "segera ke IGD" in result["interpretation"]


# --- Waist-to-height ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ratio, code",
    [
        ("0.3999", "low"),
        ("0.4", "healthy"),
        ("0.4999", "healthy"),
        ("0.5", "increased"),
        ("0.5999", "increased"),
        ("0.6", "high"),
    ],
)
def test_nice_2022_cut_offs_on_the_unrounded_ratio(ratio, code):
    from decimal import Decimal

    assert whtr_category_code(Decimal(ratio)) == code


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_very_small_waist_is_not_called_healthy(client, lang):
    result = run(client, "waist-ratio", {"waist_cm": 60, "height_cm": 170, "sex": "F"}, lang)  # 0.353
    assert result["category"]["code"] == "low"
    assert {"en": "underweight", "id": "berat badan kurang"}[lang] in result["category"]["advice"]


def test_the_number_shown_agrees_with_the_category():
    result = compute("waist-ratio", {"waist_cm": 99, "height_cm": 200, "sex": "F"}, "en")  # 0.495
    assert result["category"]["code"] == "healthy" and result["ratio_exact"] == 0.495
    assert "0.495 — Healthy" in result["interpretation"]


# --- Broca, FINDRISC ----------------------------------------------------------------------------


@pytest.mark.parametrize("sex, cut_off", [("M", 160), ("F", 150)])
def test_broca_result_notes_the_jump_at_its_cut_off(client, sex, cut_off):
    result = run(client, "ideal-weight", {"height_cm": cut_off, "sex": sex}, "en")
    assert result["methods"]["broca"]["no_reduction_below_cm"] == cut_off
    jump = next(note for note in result["notes"] if "Broca" in note)
    assert f"{cut_off} cm" in jump and "jumps about 5 kg" in jump
    assert "melompat sekitar 5 kg" in run(client, "ideal-weight", {"height_cm": cut_off, "sex": sex})["notes"][0]


FINDRISC_BODY = {
    "age": 35,
    "bmi": 24.2,
    "sex": "M",
    "waist_cm": 90,
    "physically_active": False,
    "daily_vegetables": False,
    "bp_medication": False,
    "high_glucose_history": False,
    "family_history": "first_degree",
}


def test_findrisc_names_the_published_form_and_accepts_the_old_scheme_name(client):
    current = run(client, "findrisc", FINDRISC_BODY, "en")
    old = run(client, "findrisc", {**FINDRISC_BODY, "scheme": "findrisc_2003"}, "en")
    assert current["scheme"] == old["scheme"] == current["category"]["scheme"] == "findrisc"
    assert current["value"] == old["value"] == 8 and current["max_score"] == 26
    assert "0–26" in current["scheme_label"]
    bad = client.post("/calculator/findrisc", {**FINDRISC_BODY, "scheme": "ada_2009", "save": False})
    assert bad.status_code == 400 and "scheme" in bad.data


def test_findrisc_cites_the_form_not_only_the_derivation_paper(client):
    listed = {item["name"]: item for item in client.get("/calculator/").data["results"]}["findrisc"]
    references = " ".join(listed["references"])
    assert "Finnish Diabetes Association" in references and "Saaristo" in references
    scheme = next(item for item in listed["inputs"] if item["name"] == "scheme")
    assert scheme["required"] is False and [c["value"] for c in scheme["choices"]] == ["findrisc"]
