"""Development overlay: DEBUG on. The secret key still comes from `.env` (`make run` writes one).

Management commands (migrate, createsuperuser, shell, demo data) use this by default.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")

from .base import *  # noqa: E402, F403
