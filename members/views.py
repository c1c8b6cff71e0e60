from allauth.mfa.models import Authenticator
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members.roles import Role
from members.selectors import active_membership, membership_history, user_roles


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    roles = user_roles(user)
    return render(
        request,
        "members/profile.html",
        {
            "roles": [role for role in Role if role in roles],
            "active_membership": active_membership(user),
            "memberships": membership_history(user),
            "has_totp": Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).exists(),
        },
    )
