import functools

from django import forms
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import is_petugas


class OptionalOTPAuthenticationForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """Password, then a TOTP code for whoever has a confirmed device (two-factor is per petugas)."""

    otp_device = forms.CharField(required=False, widget=forms.Select)
    otp_token = forms.CharField(
        required=False, label=_("Authenticator code"), widget=forms.TextInput(attrs={"autocomplete": "one-time-code"})
    )
    otp_challenge = forms.CharField(required=False)

    def _chosen_device(self, user):
        """The page has no device picker: a petugas has one authenticator, their confirmed TOTP device."""
        return super()._chosen_device(user) or (
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        )

    def clean(self):
        self.cleaned_data = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            self.clean_otp(user)
        return self.cleaned_data


class HealthkonAdminSite(AdminSite):
    """Only active petugas (admin, doctor, staff) may sign in; patients never can.

    A petugas with a confirmed TOTP device must also have passed its code in this session; one
    whose role must use two-factor sign-in (`OTP_REQUIRED_ROLES`) and has no device yet may only
    set one up (and sign out) until they have.
    """

    # What a petugas who must first set up an authenticator may still open.
    BEFORE_ENROLMENT = frozenset({"two_factor", "logout", "jsi18n"})

    site_header = _("Healthkon — clinic dashboard")
    site_title = _("Healthkon")
    index_title = _("Medical records")
    login_form = OptionalOTPAuthenticationForm
    login_template = "admin/login_otp.html"

    def autocomplete_view(self, request):
        # Suggestions from clinical models are patient data: the records app logs who saw them.
        from records.admin import AuditedAutocompleteJsonView

        return AuditedAutocompleteJsonView.as_view(admin_site=self)(request)

    def get_urls(self):
        from django.urls import path

        from accounts.admin_views import two_factor_setup
        from rag.admin_views import tanya_ai

        def view(request):
            return tanya_ai(request, self)

        def enrol(request):
            return two_factor_setup(request, self)

        return [
            path("tanya-ai/", self.admin_view(view), name="tanya_ai"),
            path("two-factor/", self.admin_view(enrol), name="two_factor"),
            *super().get_urls(),
        ]

    def admin_view(self, view, cacheable=False):
        from accounts.two_factor import must_enrol

        checked = super().admin_view(view, cacheable)

        @functools.wraps(checked)
        def enrolment_first(request, *args, **kwargs):
            match = request.resolver_match
            # must_enrol first: without OTP_REQUIRED_ROLES it answers without a query.
            if (
                (match is None or match.url_name not in self.BEFORE_ENROLMENT)
                and must_enrol(request.user)
                and self.has_permission(request)
            ):
                return redirect("admin:two_factor")
            return checked(request, *args, **kwargs)

        return enrolment_first

    def has_permission(self, request):
        user = request.user
        if not (user.is_active and user.is_staff and is_petugas(user)):
            return False
        return user.is_verified() or not user_has_device(user)
