"""Middleware shared by every service."""

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _


class RequestBodyLimitMiddleware:
    """Refuse a body larger than its limit (413) before Django reads it.

    Django caps form fields in memory but streams file parts to temporary files without limit;
    this stops an oversized upload at the door, by its declared length. Any other body (JSON) is
    read into memory whole, so DATA_UPLOAD_MAX_MEMORY_SIZE is its limit, also a 413 here (Django
    would answer its own HTML 400 page, or DRF's parser would read past it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse({"detail": _("Invalid Content-Length header.")}, status=400)
        limit = settings.REQUEST_BODY_MAX_BYTES
        if request.content_type != "multipart/form-data" and settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None:
            limit = min(limit, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        if length > limit:
            detail = _("The request body is larger than %(limit)d bytes.") % {"limit": limit}
            return JsonResponse({"detail": detail}, status=413)
        return self.get_response(request)
