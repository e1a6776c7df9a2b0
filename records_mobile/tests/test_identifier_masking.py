"""Issue 19 item 1: a relative never reads a dependent's NIK, BPJS number or labelled birth date.

The attack: a parent reads the child's identifiers on :8003 (FHIR export, notes, documents),
registers a second account and links it to the child's record with `POST /me/link`. Bodies
now mask every identifier but the caller's own, and the link itself waits for staff.
"""

import base64
import json

import pytest

from records.identifiers import IdentifierMasker

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records_mobile")]


def spaced(number: str) -> str:
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def dotted(number: str) -> str:
    return ".".join(number[i : i + 4] for i in range(0, len(number), 4))


def identifiers_of(patient) -> list[str]:
    """Every way the patient's identifiers may be typed in a note."""
    return [patient.nik, spaced(patient.nik), dotted(patient.nik), patient.bpjs_number, spaced(patient.bpjs_number)]


@pytest.fixture
def noted(world):
    """The child's visit notes and document quote the child's identifiers, as referral letters do."""
    child = world.child.patient
    born = child.birth_date.strftime("%d-%m-%Y")
    world.child.visit.notes = (
        f"Rujukan: NIK {spaced(child.nik)}, No. BPJS {dotted(child.bpjs_number)}, tgl. lahir {born}. "
        f"Kunjungan ulang 2024-03-05."
    )
    world.child.visit.save()
    world.child.document.content = f"Surat rujukan. NIK: {child.nik}. BPJS: {child.bpjs_number}. TTL: Bogor, {born}."
    world.child.document.save()
    own = world.own.patient
    world.own.visit.notes = f"Pasien membawa KTP (NIK {spaced(own.nik)}); istri NIK {spaced(child.nik)}."
    world.own.visit.save()
    return world


def assert_no_identifier_of(patient, body: str) -> None:
    for typed in identifiers_of(patient):
        assert typed not in body, typed


def test_the_dependents_fhir_export_leaves_out_nik_and_bpjs_but_keeps_the_birth_date(noted, client_for):
    child = noted.child.patient
    response = client_for(noted.account).get("/me/fhir", {"patient": child.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert_no_identifier_of(child, body)
    [patient] = [e["resource"] for e in response.json()["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert [identifier.get("value") for identifier in patient["identifier"]] == [None, None]
    assert patient["identifier"][0]["_value"]["extension"][0]["valueCode"] == "masked"
    assert patient["birthDate"] == child.birth_date.isoformat()  # a parent needs the child's age
    documents = [
        e["resource"] for e in response.json()["entry"] if e["resource"]["resourceType"] == "DocumentReference"
    ]
    texts = [
        base64.b64decode(d["content"][0]["attachment"]["data"]).decode()
        for d in documents
        if d["content"][0]["attachment"].get("data")
    ]
    assert texts and all(child.nik not in text and child.bpjs_number not in text for text in texts)
    assert all(child.birth_date.strftime("%d-%m-%Y") not in text for text in texts)


def test_the_callers_own_export_keeps_their_own_identifiers(noted, client_for):
    own = noted.own.patient
    response = client_for(noted.account).get("/me/fhir")
    [patient] = [e["resource"] for e in response.json()["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert [identifier["value"] for identifier in patient["identifier"]] == [own.nik, own.bpjs_number]


@pytest.mark.parametrize(
    "path",
    [
        "/medical-records/?patient={child}",
        "/medical-records/{visit}/",
        "/medical-documents/?patient={child}",
        "/medical-documents/{document}/",
    ],
)
def test_notes_and_documents_mask_a_dependents_identifiers(noted, client_for, path):
    child = noted.child
    url = path.format(child=child.patient.pk, visit=child.visit.pk, document=child.document.pk)
    response = client_for(noted.account).get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert_no_identifier_of(child.patient, body)
    assert child.patient.birth_date.strftime("%d-%m-%Y") not in body
    assert "••••" in body
    if "medical-records" in path:
        assert "Kunjungan ulang 2024-03-05" in body  # other dates are clinical information


def test_the_callers_own_notes_keep_their_own_nik_but_not_anyone_elses(noted, client_for):
    body = client_for(noted.account).get(f"/medical-records/{noted.own.visit.pk}/").json()
    assert spaced(noted.own.patient.nik) in body["notes"]
    assert spaced(noted.child.patient.nik) not in body["notes"]


def test_an_ordinary_body_costs_no_extra_query(world, client_for, django_assert_max_num_queries):
    """The caller's identifiers are read only when a body holds something to mask."""
    client = client_for(world.account)
    client.get("/me")
    with django_assert_max_num_queries(4):
        assert client.get(f"/diagnoses/{world.own.diagnosis.pk}/").status_code == 200


@pytest.mark.parametrize(
    "text, masked",
    [
        ("NIK 3171 0112 3456 7890", "NIK •••• •••• •••• ••••"),
        ("NIK 3171.0112.3456.7890", "NIK ••••.••••.••••.••••"),
        ("BPJS 0001-2345-67890", "BPJS ••••-••••-•••••"),
        ("BPJS 0001234567890.", "BPJS •••••••••••••."),
        ("lahir 03-05-2019 di RS", "lahir ••-••-•••• di RS"),
        ("Tgl. lahir: 3 Mei 2019", "Tgl. lahir: • ••• ••••"),
        ("TTL: Bandung, 2019-05-03", "TTL: Bandung, ••••-••-••"),
        ("date of birth 03/05/2019", "date of birth ••/••/••••"),
        ("born on 3 May 2019", "born on • ••• ••••"),
        ("Kunjungan 2024-03-05, TD 120/80, Hb 12,5", "Kunjungan 2024-03-05, TD 120/80, Hb 12,5"),
        ("HP 0812-3456-7890", "HP 0812-3456-7890"),  # 12 digits: not an identifier's length
        ("NIK saya 3171011203900001, lahir 12-03-1990", "NIK saya 3171011203900001, lahir 12-03-1990"),
    ],
)
def test_the_masker_finds_identifiers_however_they_are_typed(text, masked):
    import datetime

    own = (frozenset({"3171011203900001"}), datetime.date(1990, 3, 12))
    assert IdentifierMasker(lambda: own).text(text) == masked


def test_the_masker_leaves_links_and_codes_alone():
    masker = IdentifierMasker(lambda: (frozenset(), None))
    data = {"fullUrl": "urn:uuid:1234567890123-456", "text": "NIK 3171011203900001", "n": 3171011203900001}
    assert masker.data(data) == {"fullUrl": data["fullUrl"], "text": "NIK ••••••••••••••••", "n": 3171011203900001}
    assert json.dumps(masker.data([data]))
