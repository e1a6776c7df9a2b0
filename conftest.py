"""Fixtures shared by every app's tests: users in each role and API clients holding their tokens."""

import itertools

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import User

DEFAULT_PASSWORD = "Kuat-Sekali-2024"
_emails = itertools.count(1)


def totp_code(device) -> str:
    """The code a TOTP device's authenticator app shows right now."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache; no test may inherit another's attempts."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def make_user(db):
    """make_user(role=None|"admin"|"doctor"|"staff", **fields) -> User; role None is a patient's account."""

    def factory(role: str | None = None, *, email: str | None = None, password: str = DEFAULT_PASSWORD, **extra):
        email = email or f"{role or 'user'}{next(_emails)}@example.id"
        if role is None:
            return User.objects.create_user(email=email, password=password, full_name=extra.pop("full_name", "Budi"))
        petugas = account_services.petugas_create(
            email=email,
            password=password,
            nama=extra.pop("nama", f"Petugas {role}"),
            role=role,
            license_number=extra.pop("license_number", "STR-123" if role == "doctor" else ""),
            **extra,
        )
        return petugas.user

    return factory


@pytest.fixture
def client_for():
    """client_for(user) -> APIClient sending that user's access token."""

    def factory(user: User) -> APIClient:
        client = APIClient()
        refresh = account_services.tokens_for_user(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {refresh.access_token}")
        return client

    return factory


@pytest.fixture
def browser():
    """Headless Chromium (Debian's chromium + chromedriver) with its console log kept; skips without it."""
    import shutil

    if not (shutil.which("chromedriver") and shutil.which("chromium")):
        pytest.skip("chromium/chromedriver not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--lang=en",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def wait_for(browser, css: str, seconds: float = 20):
    """The first element matching `css`, once the page has it (pages render and navigate asynchronously)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    located = expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
    return WebDriverWait(browser, seconds).until(located)
