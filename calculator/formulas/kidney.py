"""Kidney function: eGFR by the race-free CKD-EPI 2021 creatinine equation, KDIGO stage."""

from __future__ import annotations

from typing import Any

from .rounding import round_half_up, round_half_up_int
from .spec import ADULT_AGE_HELP, CalculatorSpec, ValidationContext, number_input, sex_input
from .text import Category, Text

CREATININE_UMOL_PER_MG_DL = 88.4  # µmol/L per mg/dL, as fixed by CKD-EPI

_ADVICE_NORMAL = Text(
    "Fungsi ginjal normal atau tinggi. Jika ada albumin dalam urin atau kelainan ginjal lain, tetap kontrol ke dokter.",
    "Kidney function is normal or high. If you have protein in the urine or another kidney problem, keep seeing "
    "your doctor.",
)
_ADVICE_MILD = Text(
    "Fungsi ginjal sedikit menurun. Jaga tekanan darah dan gula darah, cukup minum, dan hindari obat antinyeri "
    "tanpa resep dokter.",
    "Kidney function is mildly reduced. Keep blood pressure and blood sugar under control, drink enough and avoid "
    "painkillers without a doctor's advice.",
)
_ADVICE_MODERATE = Text(
    "Fungsi ginjal menurun sedang. Periksakan diri ke dokter untuk pemeriksaan lanjutan dan penyesuaian obat.",
    "Kidney function is moderately reduced. See a doctor for further tests and medicine adjustments.",
)
_ADVICE_SEVERE = Text(
    "Fungsi ginjal menurun berat. Segera konsultasikan dengan dokter spesialis penyakit dalam atau ginjal.",
    "Kidney function is severely reduced. See an internal-medicine or kidney specialist soon.",
)
_ADVICE_FAILURE = Text(
    "Fungsi ginjal sangat rendah (gagal ginjal). Segera hubungi dokter spesialis ginjal.",
    "Kidney function is very low (kidney failure). Contact a kidney specialist urgently.",
)

KDIGO_STAGES = {
    "G1": Category("G1", Text("G1 — normal atau tinggi", "G1 — normal or high"), _ADVICE_NORMAL),
    "G2": Category("G2", Text("G2 — sedikit menurun", "G2 — mildly decreased"), _ADVICE_MILD),
    "G3a": Category(
        "G3a", Text("G3a — menurun ringan–sedang", "G3a — mildly to moderately decreased"), _ADVICE_MODERATE
    ),
    "G3b": Category(
        "G3b", Text("G3b — menurun sedang–berat", "G3b — moderately to severely decreased"), _ADVICE_MODERATE
    ),
    "G4": Category("G4", Text("G4 — menurun berat", "G4 — severely decreased"), _ADVICE_SEVERE),
    "G5": Category("G5", Text("G5 — gagal ginjal", "G5 — kidney failure"), _ADVICE_FAILURE),
}


def ckd_epi_2021(*, creatinine_mg_dl: float, age: int, sex: str) -> float:
    """Unrounded eGFR (mL/min/1.73 m²), CKD-EPI 2021 race-free creatinine equation."""
    female = sex == "female"
    kappa = 0.7 if female else 0.9
    alpha = -0.241 if female else -0.302
    ratio = creatinine_mg_dl / kappa
    egfr_value = 142 * min(ratio, 1.0) ** alpha * max(ratio, 1.0) ** -1.200 * 0.9938**age
    return egfr_value * 1.012 if female else egfr_value


def kdigo_stage(egfr_whole: int) -> str:
    """KDIGO 2012 GFR category of a whole-number eGFR."""
    if egfr_whole >= 90:
        return "G1"
    if egfr_whole >= 60:
        return "G2"
    if egfr_whole >= 45:
        return "G3a"
    if egfr_whole >= 30:
        return "G3b"
    if egfr_whole >= 15:
        return "G4"
    return "G5"


def egfr(
    *,
    age: int,
    sex: str,
    creatinine_mg_dl: float | None = None,
    creatinine_umol_l: float | None = None,
    lang: str = "id",
) -> dict[str, Any]:
    """Estimated GFR for adults, CKD-EPI 2021 (race-free), and its KDIGO GFR category.

    eGFR = 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age × 1.012 (if female),
    κ = 0.7 (F) / 0.9 (M), α = −0.241 (F) / −0.302 (M), Scr in mg/dL (µmol/L ÷ 88.4).
    Reported as a whole number (half-up); the KDIGO stage is read from that number:
    G1 ≥ 90, G2 60–89, G3a 45–59, G3b 30–44, G4 15–29, G5 < 15.

    References:
        Inker LA, Eneanya ND, et al. New creatinine- and cystatin C-based equations to
        estimate GFR without race. N Engl J Med. 2021;385:1737-1749.
        KDIGO 2012 Clinical Practice Guideline for the Evaluation and Management of
        Chronic Kidney Disease. Kidney Int Suppl. 2013;3:1-150.
    """
    if (creatinine_mg_dl is None) == (creatinine_umol_l is None):
        raise ValueError("give exactly one of creatinine_mg_dl and creatinine_umol_l")
    scr_mg_dl = creatinine_mg_dl if creatinine_mg_dl is not None else creatinine_umol_l / CREATININE_UMOL_PER_MG_DL
    value = round_half_up_int(ckd_epi_2021(creatinine_mg_dl=scr_mg_dl, age=age, sex=sex))
    stage = KDIGO_STAGES[kdigo_stage(value)].to_dict("kdigo_2012", lang)
    return {
        "calculator": "egfr",
        "value": value,
        "unit": "mL/min/1.73 m²",
        "equation": "ckd_epi_2021",
        "creatinine_mg_dl": round_half_up(scr_mg_dl, 2),
        "scheme": "kdigo_2012",
        "category": stage,
        "interpretation": Text(
            f"Perkiraan laju filtrasi ginjal (eGFR) Anda {value} mL/menit/1,73 m² — {stage['label']}. "
            f"{stage['advice']}",
            f"Your estimated glomerular filtration rate (eGFR) is {value} mL/min/1.73 m² — {stage['label']}. "
            f"{stage['advice']}",
        ).get(lang),
        "notes": [
            Text(
                "Penyakit ginjal kronik didiagnosis bila kelainan menetap lebih dari 3 bulan; satu hasil belum cukup. "
                "eGFR kurang akurat pada massa otot yang sangat besar/kecil, kehamilan, dan gagal ginjal akut.",
                "Chronic kidney disease needs abnormal results lasting over 3 months; one result is not enough. "
                "eGFR is less accurate with very high or low muscle mass, in pregnancy and in acute kidney injury.",
            ).get(lang)
        ],
    }


def _check_creatinine(values: dict[str, Any], context: ValidationContext) -> None:
    has_mg_dl = values.get("creatinine_mg_dl") is not None
    has_umol_l = values.get("creatinine_umol_l") is not None
    if has_mg_dl and has_umol_l:
        message = Text(
            "Isi kreatinin dalam satu satuan saja: mg/dL atau µmol/L.",
            "Give creatinine in one unit only: mg/dL or µmol/L.",
        )
        context.add_error("creatinine_mg_dl", message)
        context.add_error("creatinine_umol_l", message)
    elif not (has_mg_dl or has_umol_l):
        message = Text(
            "Isi kreatinin serum dalam mg/dL atau µmol/L.",
            "Give serum creatinine in mg/dL or µmol/L.",
        )
        context.add_error("creatinine_mg_dl", message)
        context.add_error("creatinine_umol_l", message)


EGFR_SPEC = CalculatorSpec(
    name="egfr",
    title=Text("Laju filtrasi glomerulus (eGFR)", "Estimated glomerular filtration rate (eGFR)"),
    description=Text(
        "Fungsi ginjal dewasa dari kreatinin serum (CKD-EPI 2021) dan stadium KDIGO.",
        "Adult kidney function from serum creatinine (CKD-EPI 2021) and the KDIGO stage.",
    ),
    references=("Inker et al. 2021 (CKD-EPI 2021, NEJM)", "KDIGO 2012 CKD guideline"),
    inputs=(
        number_input(
            "creatinine_mg_dl",
            "mg/dL",
            "0.1",
            "25",
            Text(
                "Kreatinin serum dalam mg/dL (isi ini atau creatinine_umol_l).",
                "Serum creatinine in mg/dL (give this or creatinine_umol_l).",
            ),
            required=False,
        ),
        number_input(
            "creatinine_umol_l",
            "µmol/L",
            "9",
            "2200",
            Text(
                "Kreatinin serum dalam µmol/L (isi ini atau creatinine_mg_dl).",
                "Serum creatinine in µmol/L (give this or creatinine_mg_dl).",
            ),
            required=False,
        ),
        number_input("age", "years", "18", "120", ADULT_AGE_HELP, integer=True),
        sex_input(),
    ),
    function=egfr,
    primary_value=lambda result: float(result["value"]),
    primary_value_help=Text("eGFR (mL/menit/1,73 m²)", "eGFR (mL/min/1.73 m²)"),
    cross_check=_check_creatinine,
)
