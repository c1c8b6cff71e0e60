from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from members.forms import DeleteAccountForm, ProfileForm
from members.privacy import erase_account, export_personal_data
from members.roles import Role
from members.selectors import active_membership, membership_history, user_roles
from members.society.selectors.memberships import member_summary
from members.society.selectors.pricing import society_day


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(instance=user)
    status = 200
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=user)
        if form.is_valid():
            form.save()
            messages.success(request, gettext("Your profile is saved."))
            return redirect("members:profile")
        status = 400
    roles = user_roles(user)
    return render(
        request,
        "members/profile.html",
        {
            "roles": [role for role in Role if role in roles],
            "active_membership": active_membership(user),
            "memberships": membership_history(user),
            "society": member_summary(user=user, today=society_day()),
            "form": form,
            "has_totp": Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).exists(),
        },
        status=status,
    )


@login_required
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request, "members/privacy.html", _privacy_context(DeleteAccountForm(request.user))
    )


def _privacy_context(form) -> dict:
    from django.conf import settings

    return {"form": form, "invoice_years": settings.SOCIETY_INVOICE_RETENTION_YEARS}


@login_required
@require_POST
def download_my_data(request: HttpRequest) -> HttpResponse:
    archive = export_personal_data(request.user)
    response = HttpResponse(archive, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="academy-my-data-{stamp}.zip"'
    return response


@login_required
@require_POST
def delete_my_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST)
    if not form.is_valid():
        return render(request, "members/privacy.html", _privacy_context(form), status=400)
    erase_account(request.user)
    logout(request)
    messages.success(request, gettext("Your account and personal data have been deleted."))
    return redirect("/")


@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_at_allauth(request: HttpRequest, default_next: str = "/") -> HttpResponse:
    """Wagtail's own sign-in forms (admin and front end) take a password and nothing else.
    Their URLs lead here instead: to allauth's sign-in, which asks for the second factor
    and counts failures, keeping where the visitor was going. Nothing posted is read but
    `next`."""
    next_url = request.POST.get("next") or request.GET.get("next") or default_next
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = default_next
    return redirect_to_login(next_url, login_url=reverse("account_login"))
