"""The Celery app: the index worker when `CELERY_BROKER_URL` is set (Redis or RabbitMQ).

    celery -A healthkon.celery worker --beat --pool solo   (DJANGO_SETTINGS_MODULE=healthkon.settings.rag)

Imported only by the worker and by `rag.outbox.nudge`; the services never need it otherwise.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthkon.settings.rag")

app = Celery("healthkon")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["rag"])
