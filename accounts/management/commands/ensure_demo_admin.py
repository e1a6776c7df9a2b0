"""Create the demo admin account once and print its password that one time."""

import secrets

from django.core.management.base import BaseCommand

from accounts import services
from accounts.models import Role, User

DEMO_ADMIN_EMAIL = "admin@demo.healthkon.id"


class Command(BaseCommand):
    help = "Create a demo admin petugas (if missing) and print its credentials once."

    def add_arguments(self, parser):
        parser.add_argument("--email", default=DEMO_ADMIN_EMAIL)

    def handle(self, *args, email, **options):
        if User.objects.filter(email=email).exists():
            self.stdout.write(f"Demo admin {email} exists (its password was printed when it was created).")
            return
        password = secrets.token_urlsafe(12)
        services.petugas_create(email=email, password=password, nama="Admin Demo", role=Role.ADMIN)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo admin created — shown only this once:\n"
                f"    email:    {email}\n"
                f"    password: {password}\n"
                "Sign in at http://127.0.0.1:8001/admin/ or POST /auth/login on :8000."
            )
        )
