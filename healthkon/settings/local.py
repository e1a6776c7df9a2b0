"""Development overlay: DEBUG on, a development secret key is fine.

Management commands (migrate, createsuperuser, shell, demo data) use this by default.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")

from .base import *  # noqa: E402, F403
