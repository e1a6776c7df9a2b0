"""Two-factor set-up in the staff dashboard: each petugas enrols their own authenticator.

The secret is shown once, on the page that creates it (a QR code and the typed form); it is
never shown again, to its owner or to an admin. Admins only reset a device (delete it in the
device list), and the owner enrols a new one here.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login

from accounts import two_factor


class EnrolmentCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Authenticator code"),
        regex=r"^\d{6,8}$",
        max_length=8,
        error_messages={"invalid": _("The code is the 6 digits your authenticator shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def two_factor_setup(request, admin_site):
    user = request.user
    context = {**admin_site.each_context(request), "title": _("Two-factor sign-in")}
    if two_factor.needs_second_factor(user):
        return render(request, "admin/two_factor.html", {**context, "active": True})
    action = request.POST.get("action") if request.method == "POST" else None
    form = EnrolmentCodeForm(request.POST if action == "confirm" else None)
    if action == "start":
        device = two_factor.enrolment_start(user=user)
        context.update(
            secret=two_factor.enrolment_secret(device),
            qr_code=two_factor.enrolment_qr_data_uri(device),
        )
    elif action == "confirm" and form.is_valid():
        device = two_factor.enrolment_confirm(user=user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)  # this session has just proved the code
            messages.success(request, _("Two-factor sign-in is on: every sign-in now asks for a code."))
            return redirect("admin:index")
        form.add_error("code", _("Incorrect authenticator code."))
    context.update(
        form=form,
        pending=two_factor.enrolment_pending(user=user) is not None,
        required=two_factor.must_enrol(user),
    )
    return render(request, "admin/two_factor.html", context)
