from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Patient(models.Model):
    """A BPJS member whose medical records the clinic keeps."""

    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    bpjs_number = models.CharField(_("BPJS number"), max_length=13, unique=True, null=True, blank=True)
    name = models.CharField(_("name"), max_length=150, db_index=True)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    blood_type = models.CharField(_("blood type"), max_length=3, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.TextField(_("address"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="patient",
        verbose_name=_("mobile account"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "patients"
        ordering = ["name", "id"]
        verbose_name = _("patient")
        verbose_name_plural = _("patients")

    def __str__(self):
        return f"{self.name} ({self.nik})"
