"""The KMS-style growth chart and the adult trend chart, through the API: structure, format, scope."""

import datetime
import struct
import sys
import time
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from calculator import charts
from records.tests.factories import MedicalRecordFactory, PatientFactory, RelationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.calculator")]

SVG_NS = "{http://www.w3.org/2000/svg}"
GROWTH = "/metrics/child-growth/chart"
TREND = "/metrics/trend/chart"


@pytest.fixture
def parent(make_user):
    return make_user()


@pytest.fixture
def parent_patient(parent):
    return PatientFactory(user=parent, birth_date=datetime.date(1985, 3, 2), sex="F")


@pytest.fixture
def child(parent_patient):
    born = timezone.localdate() - datetime.timedelta(days=1000)
    kid = PatientFactory(birth_date=born, sex="M", name="Adi")
    RelationFactory(patient=parent_patient, related_patient=kid, relationship="child")
    return kid


@pytest.fixture
def client(parent, parent_patient, client_for):
    return client_for(parent)


def measure(client, child, on_date, weight_kg, length_cm, measured="standing"):
    body = {
        "patient": child.pk,
        "on_date": on_date.isoformat(),
        "weight_kg": weight_kg,
        "length_cm": length_cm,
        "measured": measured,
    }
    response = client.post("/calculator/child-growth", body, format="json")
    assert response.status_code == 200, response.data


def svg_tree(response):
    assert response["Content-Type"] == "image/svg+xml"
    return ET.fromstring(b"".join(response) if hasattr(response, "streaming_content") else response.content)


def group(tree, gid):
    found = [element for element in tree.iter(f"{SVG_NS}g") if element.get("id") == gid]
    assert len(found) == 1, f"no single <g id={gid!r}>"
    return found[0]


def texts(element):
    return " ".join("".join(node.itertext()) for node in element.iter(f"{SVG_NS}text"))


class TestGrowthChart:
    def test_svg_has_the_who_curves_the_childs_points_and_indonesian_captions(self, client, child):
        today = timezone.localdate()
        visits = [(200, 9.8, 78, "lying"), (120, 10.4, 80.5, "lying"), (30, 11.0, 83.0, "standing")]
        for days_ago, weight, length, measured in visits:
            measure(client, child, today - datetime.timedelta(days=days_ago), weight, length, measured)
        response = client.get(f"{GROWTH}?patient={child.pk}&indicator=weight_for_age")
        assert response.status_code == 200
        tree = svg_tree(response)
        for gid in ("who-sd-m3", "who-sd-m2", "who-sd-m1", "who-sd-p0", "who-sd-p1", "who-sd-p2", "who-sd-p3"):
            path = group(tree, gid).find(f"{SVG_NS}path")
            assert path is not None and path.get("d").count("L") > 20  # a drawn curve, not a stub
        assert len(group(tree, "measurements").findall(f".//{SVG_NS}use")) == len(visits)
        assert "Berat badan menurut umur" in texts(group(tree, "chart-title"))
        assert "laki-laki" in texts(group(tree, "chart-title"))
        assert "Umur (bulan)" in texts(group(tree, "chart-x-label"))
        assert "Weight" not in texts(tree)

    def test_english_captions_on_accept_language(self, client, child):
        measure(client, child, timezone.localdate(), 11.0, 83.0)
        response = client.get(f"{GROWTH}?patient={child.pk}&indicator=length_for_age", HTTP_ACCEPT_LANGUAGE="en")
        tree = svg_tree(response)
        assert "Length/height-for-age — boy" in texts(group(tree, "chart-title"))
        assert "Age (months)" in texts(group(tree, "chart-x-label"))
        assert "Umur" not in texts(tree)

    def test_a_child_with_no_measurements_still_gets_the_reference_chart(self, client, child):
        response = client.get(f"{GROWTH}?patient={child.pk}&indicator=weight_for_height", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        tree = svg_tree(response)
        assert group(tree, "who-sd-p0").find(f"{SVG_NS}path") is not None
        assert group(tree, "measurements").findall(f".//{SVG_NS}use") == []
        assert group(tree, "clinic-visits").findall(f".//{SVG_NS}use") == []
        assert "No measurements yet" in texts(group(tree, "chart-source"))

    def test_each_measurement_goes_on_the_chart_its_age_belongs_to(self, client, child):
        # The child is 1000 days old: a measurement from 400 days ago was at 600 days (length table).
        today = timezone.localdate()
        measure(client, child, today - datetime.timedelta(days=400), 9.5, 76, "lying")
        measure(client, child, today, 11.5, 85, "standing")
        counts = {}
        for indicator in ("weight_for_length", "weight_for_height", "bmi_for_age"):
            tree = svg_tree(client.get(f"{GROWTH}?patient={child.pk}&indicator={indicator}"))
            counts[indicator] = len(group(tree, "measurements").findall(f".//{SVG_NS}use"))
        assert counts == {"weight_for_length": 1, "weight_for_height": 1, "bmi_for_age": 2}

    def test_clinic_visit_measurements_are_drawn_too(self, client, child, parent_patient):
        now = timezone.now()
        measure(client, child, timezone.localdate(), 11.0, 83.0)
        MedicalRecordFactory(patient=child, visit_date=now - datetime.timedelta(days=60), weight_kg=10.7, height_cm=82)
        MedicalRecordFactory(patient=child, visit_date=now - datetime.timedelta(days=30), weight_kg=10.9)
        MedicalRecordFactory(patient=child, visit_date=now - datetime.timedelta(days=20))  # nothing measured
        MedicalRecordFactory(patient=parent_patient, visit_date=now, weight_kg=55, height_cm=158)  # not the child
        voided = MedicalRecordFactory(patient=child, visit_date=now, weight_kg=30, height_cm=90)
        voided.voided = True
        voided.save()
        counts = {}
        for indicator in ("weight_for_age", "height_for_age"):
            tree = svg_tree(client.get(f"{GROWTH}?patient={child.pk}&indicator={indicator}", HTTP_ACCEPT_LANGUAGE="en"))
            counts[indicator] = (
                len(group(tree, "measurements").findall(f".//{SVG_NS}use")),
                len(group(tree, "clinic-visits").findall(f".//{SVG_NS}use")),
            )
            assert "Clinic visits" in texts(tree)
        assert counts == {"weight_for_age": (1, 2), "height_for_age": (1, 1)}

    def test_visits_after_five_years_are_not_on_the_card(self, client, parent_patient, make_user, client_for):
        older = PatientFactory(birth_date=timezone.localdate() - datetime.timedelta(days=2200), sex="F")
        RelationFactory(patient=parent_patient, related_patient=older)
        MedicalRecordFactory(patient=older, visit_date=timezone.now(), weight_kg=19, height_cm=110)
        MedicalRecordFactory(
            patient=older, visit_date=timezone.now() - datetime.timedelta(days=700), weight_kg=15, height_cm=98
        )
        tree = svg_tree(client.get(f"{GROWTH}?patient={older.pk}&indicator=weight_for_age"))
        assert len(group(tree, "clinic-visits").findall(f".//{SVG_NS}use")) == 1
        assert "perempuan" in texts(group(tree, "chart-title"))

    def test_png_on_accept(self, client, child):
        measure(client, child, timezone.localdate(), 11.0, 83.0)
        response = client.get(f"{GROWTH}?patient={child.pk}&indicator=weight_for_age", HTTP_ACCEPT="image/png")
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        content = response.content
        assert content[:8] == b"\x89PNG\r\n\x1a\n" and content[12:16] == b"IHDR"
        assert struct.unpack(">II", content[16:24]) == (800, 600)
        assert 20_000 < len(content) < 400_000
        assert response["Cache-Control"] == "private, no-store"

    def test_girls_get_the_girls_curves(self):
        _, boys = charts.reference_curves("weight_for_age", "male")
        _, girls = charts.reference_curves("weight_for_age", "female")
        assert boys[0][-1] > girls[0][-1]  # at 60 months the boys' median is heavier (18.3 vs 18.2 kg)
        assert round(boys[0][0], 2) == 3.35 and round(girls[0][0], 2) == 3.23  # WHO birth medians

    @pytest.mark.parametrize(
        "query, field",
        [
            ("indicator=weight_for_age", "patient"),
            ("patient={child}", "indicator"),
            ("patient={child}&indicator=head_circumference", "indicator"),
            ("patient=abc&indicator=weight_for_age", "patient"),
        ],
    )
    def test_bad_query_is_400_json(self, client, child, query, field):
        response = client.get(f"{GROWTH}?{query.format(child=child.pk)}", HTTP_ACCEPT="image/png")
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json" and field in response.json()

    def test_a_child_outside_scope_is_404(self, client, parent_patient):
        stranger = PatientFactory(birth_date=timezone.localdate() - datetime.timedelta(days=500))
        RelationFactory(patient=parent_patient, related_patient=PatientFactory(), can_view_records=True)
        response = client.get(f"{GROWTH}?patient={stranger.pk}&indicator=weight_for_age")
        assert response.status_code == 404 and response["Content-Type"] == "application/json"

    def test_no_token_is_401(self, api_client, child):
        assert api_client.get(f"{GROWTH}?patient={child.pk}&indicator=weight_for_age").status_code == 401

    def test_options_describes_the_endpoint_in_json(self, client):
        response = client.options(GROWTH)
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        assert response.json()["renders"] == ["image/svg+xml", "image/png"]

    def test_json_only_clients_are_told_406(self, client, child):
        response = client.get(f"{GROWTH}?patient={child.pk}&indicator=weight_for_age", HTTP_ACCEPT="application/json")
        assert response.status_code == 406

    def test_petugas_may_chart_any_child(self, make_user, client_for, child):
        response = client_for(make_user("staff")).get(f"{GROWTH}/?patient={child.pk}&indicator=bmi_for_age")
        assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"

    def test_rendering_is_deterministic_and_quick(self):
        points = [charts.GrowthPoint(days, 3.3 + days / 180, 50 + days / 25, 16.0) for days in range(0, 1800, 90)]
        first = charts.growth_chart(indicator="weight_for_age", sex="female", points=points)  # warms the import
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            again = charts.growth_chart(indicator="weight_for_age", sex="female", points=points)
            timings.append(time.perf_counter() - started)
            assert again == first
        # About 0.1–0.2 s on one free core; the best of three keeps a busy shared machine from failing it.
        assert min(timings) < 1.0


class TestTrendChart:
    def test_blood_pressure_trend_joins_calculations_and_clinic_visits(self, client, parent_patient):
        for systolic in (128, 134):
            client.post("/calculator/blood-pressure", {"systolic": systolic, "diastolic": 84}, format="json")
        MedicalRecordFactory(patient=parent_patient, systolic=142, diastolic=92)
        tree = svg_tree(client.get(f"{TREND}?calculator=blood-pressure", HTTP_ACCEPT_LANGUAGE="en"))
        assert len(group(tree, "trend-points-0-calculation").findall(f".//{SVG_NS}use")) == 2
        assert len(group(tree, "trend-points-0-clinic_visit").findall(f".//{SVG_NS}use")) == 1
        assert len(group(tree, "trend-points-1-clinic_visit").findall(f".//{SVG_NS}use")) == 1
        assert "Blood-pressure trend" in texts(group(tree, "chart-title"))

    def test_bmi_trend_for_a_dependent_adult_in_indonesian(self, client, parent_patient, make_user, client_for):
        mother = PatientFactory(birth_date=datetime.date(1955, 1, 1), sex="F", name="Ibu Sari")
        RelationFactory(patient=parent_patient, related_patient=mother, relationship="parent")
        client.post("/calculator/bmi", {"weight_kg": 60, "height_cm": 155, "patient": mother.pk}, format="json")
        MedicalRecordFactory(patient=mother, weight_kg=61, height_cm=155)
        tree = svg_tree(client.get(f"{TREND}?calculator=bmi&patient={mother.pk}"))
        assert "Tren IMT · Ibu Sari" in texts(group(tree, "chart-title"))
        assert len(group(tree, "trend-points-0-calculation").findall(f".//{SVG_NS}use")) == 1
        assert len(group(tree, "trend-points-0-clinic_visit").findall(f".//{SVG_NS}use")) == 1

    def test_hba1c_trend_draws_the_perkeni_bands(self, client, parent_patient):
        for percent in (6.8, 6.3):
            response = client.post("/calculator/hba1c", {"hba1c_percent": percent}, format="json")
            assert response.status_code == 200
        tree = svg_tree(client.get(f"{TREND}?calculator=hba1c", HTTP_ACCEPT_LANGUAGE="en"))
        assert "HbA1c trend" in texts(group(tree, "chart-title"))
        assert len(group(tree, "trend-points-0-calculation").findall(f".//{SVG_NS}use")) == 2
        assert "PERKENI 2021" in texts(group(tree, "chart-source"))

    def test_trend_png_and_errors(self, client, parent_patient):
        png = client.get(f"{TREND}?calculator=bmi", HTTP_ACCEPT="image/png")
        assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
        assert client.get(f"{TREND}?calculator=egfr").status_code == 400
        assert client.get(f"{TREND}?calculator=bmi&patient={PatientFactory().pk}").status_code == 404


def test_matplotlib_is_not_imported_when_the_service_starts():
    import subprocess

    code = (
        "import os, sys, django; os.environ['DJANGO_SETTINGS_MODULE']='healthkon.settings.calculator'; "
        "django.setup(); import healthkon.urls.calculator, calculator.views; print('matplotlib' in sys.modules)"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "False"
