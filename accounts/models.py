from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def normalize_email_address(email: str) -> str:
    """Emails are compared case-insensitively: store and look them up in lower case."""
    return (email or "").strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email=normalize_email_address(email))

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_email_address(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email: a patient's mobile account or a petugas."""

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("can use the staff dashboard"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        db_table = "users"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        self.email = normalize_email_address(self.email)

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.get_full_name()


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    DOCTOR = "doctor", _("Doctor")
    STAFF = "staff", _("Staff")
    USER = "user", _("Patient (mobile)")


class Petugas(models.Model):
    """Clinic staff: an admin, a doctor or a staff member, tied to one user account."""

    PETUGAS_ROLES = [(role.value, role.label) for role in (Role.ADMIN, Role.DOCTOR, Role.STAFF)]

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="petugas", verbose_name=_("user"))
    nama = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=10, choices=PETUGAS_ROLES, db_index=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    license_number = models.CharField(_("STR licence number"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "petugas"
        ordering = ["nama", "id"]
        verbose_name = _("petugas")
        verbose_name_plural = _("petugas")

    def __str__(self):
        return f"{self.nama} ({self.get_role_display()})"


class SessionEndReason(models.TextChoices):
    LOGOUT = "logout", _("Signed out")
    REFRESH_REUSE = "refresh_reuse", _("A rotated refresh token was used again")


class EndedSession(models.Model):
    """A sign-in session (a refresh token family) that has ended: none of its tokens works any more.

    Every refresh token carries its session id (`sid`) through rotation and hands it to the access
    tokens it mints. This table is the durable record; the per-request check reads the cache
    (accounts.token_sessions).
    """

    session_id = models.CharField(_("session id"), max_length=32, unique=True)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, related_name="ended_sessions", verbose_name=_("user")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=SessionEndReason.choices)
    ended_at = models.DateTimeField(_("ended at"), default=timezone.now, db_index=True)

    class Meta:
        db_table = "ended_sessions"
        verbose_name = _("ended session")
        verbose_name_plural = _("ended sessions")

    def __str__(self):
        return f"{self.session_id} ({self.reason})"
