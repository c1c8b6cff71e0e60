from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from members.forms import DeleteAccountForm, ProfileForm
from members.privacy import erase_account, export_personal_data
from members.roles import Role
from members.selectors import active_membership, membership_history, user_roles


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(instance=user)
    status = 200
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=user)
        if form.is_valid():
            form.save()
            messages.success(request, "Your profile is saved.")
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
            "form": form,
            "has_totp": Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).exists(),
        },
        status=status,
    )


@login_required
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "members/privacy.html", {"form": DeleteAccountForm(request.user)})


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
        return render(request, "members/privacy.html", {"form": form}, status=400)
    erase_account(request.user)
    logout(request)
    messages.success(request, "Your account and personal data have been deleted.")
    return redirect("/")
