"""The docs pages and the dashboard still work, in a real browser, under the Content-Security-Policy."""

import pytest
from django.urls import reverse

from conftest import DEFAULT_PASSWORD, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("healthkon.urls.records")]


# ReDoc's "powered by" badge comes from its CDN: blocking it is the policy doing its job (nothing on
# the page depends on it, and no request leaves the machine).
KNOWN_BLOCKED_BRANDING = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def csp_violations(browser) -> list[str]:
    return [
        entry["message"]
        for entry in browser.get_log("browser")
        if "Content Security Policy" in entry["message"] and KNOWN_BLOCKED_BRANDING not in entry["message"]
    ]


def test_swagger_ui_renders_the_schema_under_the_policy(browser, live_server):
    browser.get(f"{live_server.url}/api/docs/")
    title = wait_for(browser, ".swagger-ui .info .title")
    assert "Healthkon" in title.text
    wait_for(browser, ".opblock-tag")  # the operations, from /api/schema/
    assert csp_violations(browser) == []


def test_redoc_renders_the_schema_under_the_policy(browser, live_server):
    browser.get(f"{live_server.url}/api/redoc/")
    heading = wait_for(browser, ".api-info h1")
    assert "Healthkon" in heading.text
    assert csp_violations(browser) == []


def test_the_dashboard_works_under_the_policy(browser, live_server, make_user):
    from selenium.webdriver.common.by import By

    doctor = make_user("doctor")
    browser.get(f"{live_server.url}{reverse('admin:login')}")
    browser.find_element(By.NAME, "username").send_keys(doctor.email)
    browser.find_element(By.NAME, "password").send_keys(DEFAULT_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait_for(browser, "#site-name")
    # The visit form: autocomplete (select2), date/time shortcuts and inlines all run scripts.
    browser.get(f"{live_server.url}{reverse('admin:records_medicalrecord_add')}")
    wait_for(browser, ".select2-container")
    wait_for(browser, ".datetimeshortcuts")
    wait_for(browser, ".add-row a")
    assert csp_violations(browser) == []
