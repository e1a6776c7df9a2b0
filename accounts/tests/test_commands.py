import io

import pytest
from django.core.management import call_command

from accounts.management.commands.ensure_demo_admin import DEMO_ADMIN_EMAIL
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_demo_admin_is_created_once_and_password_printed_once():
    first, second = io.StringIO(), io.StringIO()
    call_command("ensure_demo_admin", stdout=first)
    call_command("ensure_demo_admin", stdout=second)
    password = first.getvalue().split("password:")[1].split()[0]
    admin = User.objects.get(email=DEMO_ADMIN_EMAIL)
    assert admin.check_password(password) and admin.petugas.role == "admin" and admin.is_staff
    assert password not in second.getvalue()
    assert User.objects.filter(email=DEMO_ADMIN_EMAIL).count() == 1


def test_createsuperuser_noinput_uses_email_and_password(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Root@Example.id")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Kuat-Sekali-2024")
    call_command("createsuperuser", "--noinput", stdout=io.StringIO())
    root = User.objects.get(email="root@example.id")
    assert root.is_superuser and root.check_password("Kuat-Sekali-2024")
