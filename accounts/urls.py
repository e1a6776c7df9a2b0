from django.urls import re_path

from accounts import views
from healthkon.api.routers import OptionalSlashRouter

router = OptionalSlashRouter()
router.register("petugas", views.PetugasViewSet, basename="petugas")

urlpatterns = [
    re_path(r"^auth/register/?$", views.RegisterView.as_view(), name="register"),
    re_path(r"^auth/login/?$", views.LoginView.as_view(), name="login"),
    re_path(r"^auth/login/otp/?$", views.LoginOTPView.as_view(), name="login-otp"),
    re_path(r"^auth/refresh/?$", views.RefreshView.as_view(), name="token-refresh"),
    re_path(r"^auth/logout/?$", views.LogoutView.as_view(), name="logout"),
    re_path(r"^auth/me/?$", views.MeView.as_view(), name="me"),
    re_path(r"^auth/change-password/?$", views.ChangePasswordView.as_view(), name="change-password"),
    *router.urls,
]
