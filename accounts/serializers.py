from django.contrib.auth import password_validation
from django.core import validators
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.rest_framework_simplejwt import TokenRefreshSerializerExtension
from rest_framework import serializers
from rest_framework_simplejwt import serializers as jwt_serializers

from accounts.models import Petugas, Role, User, normalize_email_address
from accounts.token_sessions import SessionRefreshToken, refresh_token_check

ROLE_CHOICES = [(role.value, role.label) for role in Role]


def validate_new_password(password: str, user: User) -> str:
    try:
        password_validation.validate_password(password, user)
    except Exception as error:  # Django's ValidationError: list its messages as the field's
        raise serializers.ValidationError(list(getattr(error, "messages", [str(error)]))) from error
    return password


class UniqueEmailField(serializers.EmailField):
    """An email no other account uses (compared case-insensitively)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        email = normalize_email_address(super().to_internal_value(data))
        accounts = User.objects.filter(email=email)
        instance = getattr(self.parent, "instance", None)
        instance_user = getattr(instance, "user", instance)
        if instance_user is not None:
            accounts = accounts.exclude(pk=instance_user.pk)
        if accounts.exists():
            raise serializers.ValidationError(_("An account with this email already exists."))
        return email


class UserProfileSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    email = serializers.EmailField(read_only=True)
    full_name = serializers.CharField(max_length=150, allow_blank=True, required=False)
    phone = serializers.CharField(max_length=20, allow_blank=True, required=False)
    role = serializers.ChoiceField(choices=ROLE_CHOICES, read_only=True)
    patient_id = serializers.IntegerField(read_only=True, allow_null=True)


class RegisterSerializer(serializers.Serializer):
    email = UniqueEmailField()
    password = serializers.CharField(write_only=True, max_length=128, trim_whitespace=False)
    full_name = serializers.CharField(max_length=150)
    phone = serializers.CharField(max_length=20, allow_blank=True, required=False, default="")

    def validate(self, attrs):
        candidate = User(email=attrs["email"], full_name=attrs["full_name"], phone=attrs.get("phone", ""))
        try:
            validate_new_password(attrs["password"], candidate)
        except serializers.ValidationError as error:
            raise serializers.ValidationError({"password": error.detail}) from error
        return attrs


class LoginSerializer(serializers.Serializer):
    email = serializers.CharField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class LoginResponseSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    token_type = serializers.CharField()
    user = UserProfileSerializer()


class OTPChallengeSerializer(serializers.Serializer):
    """The answer to a right password for an account with two-factor sign-in: no tokens yet."""

    otp_required = serializers.BooleanField(help_text=_("Always true: send the ticket and a code to /auth/login/otp."))
    ticket = serializers.CharField()
    expires_in = serializers.IntegerField(help_text=_("Seconds the ticket stays valid."))


class LoginOTPSerializer(serializers.Serializer):
    ticket = serializers.CharField(max_length=512)
    code = serializers.RegexField(
        r"^\d{6,8}$", max_length=8, error_messages={"invalid": _("The code is the 6 digits your authenticator shows.")}
    )


class RefreshTokenSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class TokenRefreshSerializer(jwt_serializers.TokenRefreshSerializer):
    """simplejwt's rotation, on session tokens, after reuse detection (accounts.token_sessions)."""

    token_class = SessionRefreshToken

    def validate(self, attrs):
        refresh_token_check(attrs["refresh"])
        return super().validate(attrs)


class TokenRefreshSchema(TokenRefreshSerializerExtension):
    """The OpenAPI body of simplejwt's refresh serializer (`{refresh}` in, `{access, refresh}` out), for ours."""

    target_class = TokenRefreshSerializer


class ChangePasswordSerializer(serializers.Serializer):
    old_password = serializers.CharField(max_length=128, trim_whitespace=False)
    new_password = serializers.CharField(max_length=128, trim_whitespace=False)

    def validate_old_password(self, value):
        if not self.context["request"].user.check_password(value):
            raise serializers.ValidationError(_("The current password is wrong."))
        return value

    def validate_new_password(self, value):
        return validate_new_password(value, self.context["request"].user)


class PetugasSerializer(serializers.ModelSerializer):
    """A petugas with its account's fields flattened in, as the contract's create body has them."""

    email = UniqueEmailField(source="user.email")
    full_name = serializers.CharField(source="user.full_name", max_length=150, required=False, allow_blank=True)
    phone = serializers.CharField(source="user.phone", max_length=20, required=False, allow_blank=True)
    # An update may leave the password alone; a new petugas needs one (PetugasCreateSerializer).
    password = serializers.CharField(write_only=True, max_length=128, trim_whitespace=False, required=False)
    is_active = serializers.BooleanField(source="user.is_active", required=False)
    user_id = serializers.IntegerField(read_only=True)
    nip = serializers.CharField(
        max_length=18,
        required=False,
        allow_blank=True,
        validators=[validators.RegexValidator(r"^\d{18}$", _("NIP is 18 digits."))],
    )

    class Meta:
        model = Petugas
        fields = [
            "id",
            "user_id",
            "email",
            "password",
            "full_name",
            "phone",
            "nama",
            "role",
            "nip",
            "license_number",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "user_id", "created_at", "updated_at"]

    def validate(self, attrs):
        user_data = attrs.get("user", {})
        role = attrs.get("role", getattr(self.instance, "role", None))
        license_number = attrs.get("license_number", getattr(self.instance, "license_number", ""))
        if role == Role.DOCTOR and not license_number:
            raise serializers.ValidationError({"license_number": [_("A doctor needs an STR licence number.")]})
        if attrs.get("password"):
            account = self.instance.user if self.instance else User()
            candidate = User(
                email=user_data.get("email", account.email),
                full_name=user_data.get("full_name", account.full_name) or attrs.get("nama", ""),
            )
            try:
                validate_new_password(attrs["password"], candidate)
            except serializers.ValidationError as error:
                raise serializers.ValidationError({"password": error.detail}) from error
        return attrs

    @staticmethod
    def flatten(validated_data: dict) -> dict:
        """Service functions take plain keyword data, not the nested `user` dict."""
        data = dict(validated_data)
        data.update(data.pop("user", {}))
        return data


class PetugasCreateSerializer(PetugasSerializer):
    """A new petugas: the same fields, and a password is required."""

    password = serializers.CharField(write_only=True, max_length=128, trim_whitespace=False)
