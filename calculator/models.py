from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HealthCalculation(models.Model):
    """One calculator run a user chose to keep: what went in, what came out."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="health_calculations", verbose_name=_("user")
    )
    # Whom the measurement is about: the caller's own patient or one in their scope (a child, a
    # parent); null for an account with no linked patient. See calculator.selectors.
    patient = models.ForeignKey(
        "records.Patient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="health_calculations",
        verbose_name=_("patient"),
    )
    calculator = models.CharField(_("calculator"), max_length=32)
    inputs = models.JSONField(_("inputs"))
    result = models.JSONField(_("result"))
    # The one number a trend follows (BMI, eGFR, score…), copied out of `result` for summaries.
    primary_value = models.FloatField(_("main value"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        db_table = "health_calculations"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "calculator", "created_at"]),
            models.Index(fields=["patient", "calculator", "created_at"]),
        ]
        verbose_name = _("health calculation")
        verbose_name_plural = _("health calculations")

    def __str__(self):
        return f"{self.calculator} · {self.user} · {self.created_at:%Y-%m-%d}"
