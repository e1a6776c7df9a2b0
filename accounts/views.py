from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.views import TokenRefreshView

from accounts import selectors, services, two_factor
from accounts.serializers import (
    ChangePasswordSerializer,
    LoginOTPSerializer,
    LoginResponseSerializer,
    LoginSerializer,
    OTPChallengeSerializer,
    PetugasCreateSerializer,
    PetugasSerializer,
    RefreshTokenSerializer,
    RegisterSerializer,
    TokenRefreshSerializer,
    UserProfileSerializer,
)
from accounts.throttles import (
    ChangePasswordThrottle,
    LoginAccountIPThrottle,
    LoginAccountThrottle,
    LoginIPThrottle,
    LoginOTPAccountThrottle,
    RegisterIPThrottle,
)
from accounts.token_sessions import SessionRefreshToken
from healthkon.api.authentication import JWTAuthentication
from healthkon.api.exceptions import ApplicationError
from healthkon.api.permissions import ModelPermissions


class RegisterView(APIView):
    """Create a patient's mobile account."""

    permission_classes = [AllowAny]
    authentication_classes = []  # public: a stale access token in the header is ignored, not a 401
    throttle_classes = [RegisterIPThrottle]

    @extend_schema(request=RegisterSerializer, responses={201: UserProfileSerializer})
    def post(self, request):
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_register(**serializer.validated_data)
        return Response(selectors.user_profile(user=user), status=status.HTTP_201_CREATED)


def signed_in(user) -> Response:
    """A new session's tokens and the profile: the answer to a complete sign-in."""
    refresh = services.tokens_for_user(user=user)
    return Response(
        {
            "access": str(refresh.access_token),
            "refresh": str(refresh),
            "token_type": "Bearer",
            "user": selectors.user_profile(user=user),
        }
    )


class PublicCredentialsView(APIView):
    """A public endpoint that checks credentials: 401 with its challenge when they are wrong."""

    permission_classes = [AllowAny]
    authentication_classes = []  # public: a stale access token in the header is ignored, not a 401
    checks_credentials = True  # 401 for wrong credentials (documented by healthkon.api.schema)

    def get_authenticate_header(self, request):
        # No authentication classes, yet wrong credentials stay a 401 with its challenge (as on /auth/refresh).
        return JWTAuthentication().authenticate_header(request)


class LoginView(PublicCredentialsView):
    """Exchange email and password for an access and a refresh token.

    An account with a confirmed authenticator (TOTP) gets no tokens yet: the answer is
    `{"otp_required": true, "ticket", "expires_in"}`, and `POST /auth/login/otp` with the ticket
    and a current code completes the sign-in. A role that must use two-factor sign-in
    (`OTP_REQUIRED_ROLES`) but has no authenticator yet is refused with 403 `otp_setup_required`.
    """

    throttle_classes = [LoginAccountIPThrottle, LoginIPThrottle, LoginAccountThrottle]

    @extend_schema(
        request=LoginSerializer,
        responses={
            200: PolymorphicProxySerializer(
                component_name="LoginResult",
                serializers=[LoginResponseSerializer, OTPChallengeSerializer],
                resource_type_field_name=None,
            ),
            403: OpenApiResponse(
                response={"$ref": "#/components/schemas/Error"},
                description="Right password, but this role must use two-factor sign-in and has no authenticator "
                "yet (`code`: `otp_setup_required`): set one up in the dashboard.",
            ),
        },
    )
    def post(self, request):
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # One message for an unknown email, a wrong password or a disabled account;
        # Django's backend also hashes for unknown emails, so timing does not tell either.
        user = authenticate(request, **serializer.validated_data)
        if user is None:
            raise exceptions.AuthenticationFailed(_("Incorrect email or password."))
        if two_factor.needs_second_factor(user):
            ticket = two_factor.login_ticket_issue(user=user)
            return Response({"otp_required": True, "ticket": ticket, "expires_in": settings.OTP_LOGIN_TICKET_SECONDS})
        if two_factor.must_enrol(user):
            detail = _("Your role must sign in with an authenticator: set one up in the dashboard first.")
            raise exceptions.PermissionDenied({"detail": detail, "code": "otp_setup_required"})
        return signed_in(user)


class LoginOTPView(PublicCredentialsView):
    """Complete a two-factor sign-in: the ticket from `POST /auth/login` and the authenticator's current code."""

    throttle_classes = [LoginIPThrottle, LoginOTPAccountThrottle]

    @extend_schema(request=LoginOTPSerializer, responses={200: LoginResponseSerializer})
    def post(self, request):
        serializer = LoginOTPSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            user = two_factor.login_ticket_redeem(**serializer.validated_data)
        except two_factor.TwoFactorError as error:
            raise exceptions.AuthenticationFailed(str(error)) from error
        return signed_in(user)


class RefreshView(TokenRefreshView):
    """A new access token and a new refresh token; the old refresh token stops working.

    Presenting a refresh token that was already rotated ends its whole session (accounts.token_sessions).
    """

    serializer_class = TokenRefreshSerializer
    checks_credentials = True  # 401 for a revoked, expired or forged refresh token


class LogoutView(APIView):
    """End the session of a refresh token; holding it is proof enough (the access token may have expired).

    The refresh token is blacklisted and every access token of its session stops working at once.
    """

    permission_classes = [AllowAny]
    authentication_classes = []  # public: a stale access token in the header is ignored, not a 401

    @extend_schema(request=RefreshTokenSerializer, responses={204: None})
    def post(self, request):
        serializer = RefreshTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            refresh = SessionRefreshToken(serializer.validated_data["refresh"])
        except TokenError as error:
            raise exceptions.ValidationError({"refresh": [str(error)]}) from error
        services.session_logout(refresh=refresh)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    """The signed-in user's own profile."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=UserProfileSerializer)
    def get(self, request):
        return Response(selectors.user_profile(user=request.user))

    @extend_schema(request=UserProfileSerializer, responses=UserProfileSerializer)
    def patch(self, request):
        serializer = UserProfileSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = services.user_update_profile(user=request.user, data=serializer.validated_data)
        return Response(selectors.user_profile(user=user))


class ChangePasswordView(APIView):
    """Change one's own password; every session, this one's access token included, is signed out."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [ChangePasswordThrottle]

    @extend_schema(request=ChangePasswordSerializer, responses={204: None})
    def post(self, request):
        serializer = ChangePasswordSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.user_change_password(user=request.user, new_password=serializer.validated_data["new_password"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class PetugasViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Clinic staff accounts (admins only). Delete deactivates: the account is kept."""

    serializer_class = PetugasSerializer
    permission_classes = [IsAuthenticated, ModelPermissions]
    filterset_fields = ["role"]
    methods_refused_by_rules = ("DELETE",)  # 400: nobody deactivates themselves

    def get_queryset(self):
        return selectors.petugas_list(fetched_by=self.request.user)

    def get_serializer_class(self):
        # Create requires a password, updates do not: two serializers, so the OpenAPI schema agrees.
        return PetugasCreateSerializer if self.action == "create" else PetugasSerializer

    def perform_create(self, serializer):
        serializer.instance = services.petugas_create(
            **PetugasSerializer.flatten(serializer.validated_data), created_by=self.request.user
        )

    def perform_update(self, serializer):
        serializer.instance = services.petugas_update(
            petugas=serializer.instance,
            data=PetugasSerializer.flatten(serializer.validated_data),
            updated_by=self.request.user,
        )

    def perform_destroy(self, instance):
        try:
            services.user_deactivate(user=instance.user, deactivated_by=self.request.user)
        except services.SelfDeactivationError as error:
            raise ApplicationError(error.message) from error
