import contextlib

from django import forms
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as OTPTOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import Petugas, User
from accounts.roles import groups_within, may_grant_role, may_manage_account


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "phone", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["email", "full_name", "phone"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["full_name", "phone"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]
    # Only a superuser hands out what makes a superuser; nobody else may touch one's account.
    SUPERUSER_ONLY_FIELDS = ["is_superuser", "user_permissions"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            readonly.append("is_active")  # nobody deactivates themselves (services.petugas_refuse_self_lockout)
        return readonly if request.user.is_superuser else [*readonly, *self.SUPERUSER_ONLY_FIELDS]

    def has_change_permission(self, request, obj=None):
        if obj is not None and not may_manage_account(request.user, obj):
            return False  # an account with more rights than the caller's (a superuser's above all)
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.pk == request.user.pk or not may_manage_account(request.user, obj)):
            return False  # nobody deactivates themselves, nor an account with more rights than theirs
        return super().has_delete_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups" and field is not None and not request.user.is_superuser:
            field.queryset = groups_within(request.user, field.queryset)  # no group that adds rights
        return field

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, unquote(id))
        if user is not None and not self.has_change_permission(request, user):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def delete_model(self, request, obj):
        services.user_deactivate(user=obj, deactivated_by=request.user)

    def delete_queryset(self, request, queryset):
        for user in queryset.exclude(pk=request.user.pk):
            if may_manage_account(request.user, user):
                services.user_deactivate(user=user, deactivated_by=request.user)


@admin.register(Petugas)
class PetugasAdmin(admin.ModelAdmin):
    list_display = ["nama", "role", "user", "nip", "license_number"]
    list_filter = ["role"]
    search_fields = ["nama", "user__email", "nip", "license_number"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        acting_user = request.user

        def clean_user(self):
            user = self.cleaned_data["user"]
            if user is not None and not may_manage_account(acting_user, user):
                # Or a petugas profile on a superuser's account would open it to /petugas/{id}/.
                raise forms.ValidationError(_("You cannot give a petugas profile to an account with more rights."))
            return user

        def clean_role(self):
            role = self.cleaned_data["role"]
            if not may_grant_role(acting_user, role):
                raise forms.ValidationError(_("You cannot give a role with more rights than your own."))
            return role

        form.clean_user, form.clean_role = clean_user, clean_role
        return form

    def has_change_permission(self, request, obj=None):
        if obj is not None and not may_manage_account(request.user, obj.user):
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.user_id == request.user.pk:
            readonly.append("role")  # nobody changes their own role (services.petugas_refuse_self_lockout)
        return readonly

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.petugas_sync_access(obj)  # the role decides the group, as through the API

    def delete_model(self, request, obj):
        """As `DELETE /petugas/{id}`: the account is deactivated, its group removed, its tokens revoked."""
        services.user_deactivate(user=obj.user, deactivated_by=request.user)

    def delete_queryset(self, request, queryset):
        for petugas in queryset.select_related("user").exclude(user=request.user):
            if may_manage_account(request.user, petugas.user):
                services.user_deactivate(user=petugas.user, deactivated_by=request.user)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.user_id == request.user.pk or not may_manage_account(request.user, obj.user)):
            return False  # nobody deactivates themselves, nor an account with more rights than theirs
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        """Deactivating touches no other table the way a delete would: confirm just these accounts."""
        objs = list(objs)
        return [str(obj) for obj in objs], {self.model._meta.verbose_name_plural: len(objs)}, set(), []


with contextlib.suppress(NotRegistered):
    admin.site.unregister(TOTPDevice)  # django-otp's own admin lets admins add, edit and read secrets


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(OTPTOTPDeviceAdmin):
    """Authenticators: admins see them and reset (delete) them; only the owner enrols (admin:two_factor).

    No secret is ever shown here (OTP_ADMIN_HIDE_SENSITIVE_DATA also closes django-otp's QR and
    config pages), and nobody sees or resets the device of an account with more rights than theirs.
    """

    def get_queryset(self, request):
        devices = super().get_queryset(request)
        return devices if request.user.is_superuser else devices.exclude(user__is_superuser=True)

    def has_add_permission(self, request):
        return False  # a device made by someone else would be a secret someone else has seen

    def has_change_permission(self, request, obj=None):
        return False  # a device is enrolled or reset, never edited

    def has_view_permission(self, request, obj=None):
        if obj is not None and not may_manage_account(request.user, obj.user):
            return False
        return super().has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not may_manage_account(request.user, obj.user):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        queryset.filter(
            pk__in=[device.pk for device in queryset if may_manage_account(request.user, device.user)]
        ).delete()
