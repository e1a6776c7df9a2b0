"""The dashboard's rules as a person meets them, in a real headless Chromium (Debian's chromium + chromedriver).

Skipped where the browser is not installed; `.ci/run` installs it, so CI always runs these.
"""

import shutil

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import DEFAULT_PASSWORD, wait_for
from records.models import Diagnosis
from records.tests import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("healthkon.urls.records"),
    pytest.mark.skipif(
        not (shutil.which("chromedriver") and shutil.which("chromium")), reason="chromium/chromedriver not installed"
    ),
]


def sign_in(browser, live_server, user) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{live_server.url}{reverse('admin:login')}")
    browser.find_element(By.NAME, "username").send_keys(user.email)
    browser.find_element(By.NAME, "password").send_keys(DEFAULT_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait_for(browser, "#user-tools")  # signed in: the dashboard's header shows the account


def test_a_doctor_types_a_bad_code_sees_why_then_codes_dengue(browser, live_server, make_user):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    doctor = make_user("doctor")
    visit = factories.MedicalRecordFactory()
    sign_in(browser, live_server, doctor)
    browser.get(f"{live_server.url}{reverse('admin:records_diagnosis_add')}?medical_record={visit.pk}")
    wait_for(browser, "[name=kind]")
    Select(browser.find_element(By.NAME, "kind")).select_by_value("primary")
    browser.find_element(By.NAME, "icd10_code").send_keys("ZZZ.999")
    browser.find_element(By.NAME, "_save").click()
    errors = wait_for(browser, ".errorlist").text
    assert "ZZZ.999" in errors
    assert not Diagnosis.objects.filter(medical_record=visit).exists()

    code = browser.find_element(By.NAME, "icd10_code")
    code.clear()
    code.send_keys("a91")
    browser.find_element(By.NAME, "_save").click()
    wait_for(browser, "#changelist")  # saved: back on the list
    assert browser.current_url.rstrip("/").endswith("/admin/records/diagnosis")
    saved = Diagnosis.objects.get(medical_record=visit)
    assert (saved.icd10_code, saved.icd10_edition, saved.created_by) == ("A91", "earlier", doctor)


def test_a_voided_entry_is_shown_to_an_admin_without_any_way_to_change_it(browser, live_server, make_user):
    from selenium.webdriver.common.by import By

    admin = make_user("admin")
    diagnosis = factories.DiagnosisFactory(voided=True, voided_at=timezone.now(), void_reason="salah pasien")
    sign_in(browser, live_server, admin)
    browser.get(f"{live_server.url}{reverse('admin:records_diagnosis_change', args=[diagnosis.pk])}")
    assert diagnosis.icd10_code in browser.page_source
    assert not browser.find_elements(By.NAME, "_save")
    assert not browser.find_elements(By.NAME, "icd10_code")  # shown as text, not as an input
    assert not browser.find_elements(By.CSS_SELECTOR, "a.deletelink")


def test_a_voided_patients_visit_cannot_be_reached_by_a_doctor(browser, live_server, make_user):
    from selenium.webdriver.common.by import By

    doctor = make_user("doctor")
    visit = factories.MedicalRecordFactory()
    visit.patient.voided = True
    visit.patient.save()
    sign_in(browser, live_server, doctor)
    browser.get(f"{live_server.url}{reverse('admin:records_medicalrecord_changelist')}")
    assert visit.patient.name not in browser.find_element(By.ID, "content").text
    browser.get(f"{live_server.url}{reverse('admin:records_medicalrecord_change', args=[visit.pk])}")
    assert reverse("admin:records_medicalrecord_change", args=[visit.pk]) not in browser.current_url
