from rest_framework import routers


class OptionalSlashRouter(routers.SimpleRouter):
    """Routes that answer with or without the trailing slash, without redirects."""

    def __init__(self):
        super().__init__()
        # The constructor only knows "/" or ""; an optional slash is set afterwards.
        self.trailing_slash = "/?"
