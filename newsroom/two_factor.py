"""Two-factor authentication for editors (django-otp, TOTP authenticator apps).

With ``NEWSROOM_REQUIRE_2FA`` on, an editor (or superuser) who has signed in with a password is
sent to /admin/two-factor/ before any other admin page: the first time to enrol an authenticator
app by scanning a QR code, afterwards to type its current code. Editors publish, so a stolen
password alone must not be enough to publish in the newsroom's name.
"""

from base64 import b32encode
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles import roles

TWO_FACTOR_PATH = "/admin/two-factor/"
# Pages an editor still reaches before the second factor: this one, signing in and out, and the
# admin's own static-free pages that those need.
_EXEMPT_PATHS = (TWO_FACTOR_PATH, "/admin/login/", "/admin/logout/", "/admin/jsi18n/")


def needs_second_factor(user) -> bool:
    """Return whether ``user`` must still prove a second factor before using the admin."""
    return (
        settings.NEWSROOM_REQUIRE_2FA
        and roles.is_editor(user)
        and not getattr(user, "is_verified", lambda: False)()
    )


class RequireTwoFactorMiddleware:
    """Send editors without a verified second factor to the two-factor page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if (
            path.startswith("/admin/")
            and not path.startswith(_EXEMPT_PATHS)
            and needs_second_factor(request.user)
        ):
            return redirect(f"{TWO_FACTOR_PATH}?next={quote(request.get_full_path())}")
        return self.get_response(request)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return reverse("admin:index")
    return target


def _qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


@never_cache
@login_required(login_url="/admin/login/")
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app, or check its current code, then go on to the admin."""
    user = request.user
    if not roles.is_editor(user):
        # Only editors are asked for a second factor; anyone else has nothing to do here.
        return redirect(_next_url(request))
    confirmed = [d for d in devices_for_user(user, confirmed=True) if isinstance(d, TOTPDevice)]
    enrolling = not confirmed
    if enrolling:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name=_("Authenticator app"), confirmed=False
            )
        candidates = [device]
    else:
        candidates = confirmed
    error = ""
    if request.method == "POST":
        token = "".join(request.POST.get("token", "").split())
        match = next((d for d in candidates if token and d.verify_token(token)), None)
        if match is not None:
            if enrolling:
                match.confirmed = True
                match.save(update_fields=["confirmed"])
            otp_login(request, match)
            return redirect(_next_url(request))
        error = _(
            "That code is not right. Type the six digits your authenticator app shows now; "
            "they change every 30 seconds."
        )
    context = {
        "title": _("Set up two-factor sign-in") if enrolling else _("Two-factor sign-in"),
        "enrolling": enrolling,
        "error": error,
        "next": _next_url(request),
        "site_header": settings.NEWSROOM_SITE_NAME,
        "has_permission": False,
    }
    if enrolling:
        context["qr_svg"] = mark_safe(_qr_svg(candidates[0]))  # noqa: S308 - made by qrcode here
        context["secret"] = b32encode(candidates[0].bin_key).decode()
    return render(request, "admin/two_factor.html", context, status=400 if error else 200)
