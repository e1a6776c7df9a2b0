"""WSGI entry point; DJANGO_SETTINGS_MODULE picks the service (healthkon.settings.<service>)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthkon.settings.auth")

application = get_wsgi_application()

if settings.SERVICE_NAME in ("rag", "rag_mobile"):
    from rag.warmup import warm_up_in_background

    warm_up_in_background()
