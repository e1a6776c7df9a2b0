"""Content negotiation every service shares."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class ContentNegotiation(DefaultContentNegotiation):
    """DRF's, with `?format=` checked like any other parameter: unknown or empty is a 400 naming it.

    DRF answers an unknown `?format=` with a bare 404 and ignores an empty one.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        name = self.settings.URL_FORMAT_OVERRIDE
        if name and not format_suffix and name in request.query_params:
            wanted = request.query_params[name]
            formats = [renderer.format for renderer in renderers]
            if wanted not in formats:
                raise ValidationError({name: [_("One of: %(formats)s.") % {"formats": ", ".join(formats)}]})
        return super().select_renderer(request, renderers, format_suffix)
