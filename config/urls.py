from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config import views
from content import views as content_views
from members import views as member_views

handler400 = "config.views.bad_request"
handler500 = "config.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # One door in: Wagtail's password-only sign-in forms lead to allauth's (see
    # members.views.sign_in_at_allauth). Django's admin is not installed at all; its old
    # sign-in URL leads to allauth's as well, for bookmarks.
    path("admin/login/", member_views.sign_in_at_allauth, {"default_next": "/admin/"}),
    path("django-admin/login/", member_views.sign_in_at_allauth, {"default_next": "/admin/"}),
    path("_util/login/", member_views.sign_in_at_allauth),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/profile/", include("members.urls")),
    path("accounts/", include("allauth.urls")),
    path("search/", content_views.search, name="search"),
    path("patterns/", content_views.patterns, name="patterns"),
    path("card-images/<str:key>.svg", content_views.card_image, name="card-image"),
    path("membership/", include("members.society.urls")),
    # django-payments' provider callbacks (Stripe webhook: /payments/process/card/).
    path("payments/", include("payments.urls")),
]

if settings.BENCH_BASELINE:  # benchmarks only (config/settings/base.py)
    urlpatterns.insert(1, path("_baseline", views.trivial, name="baseline"))

# Feature URLs are added here by each feature, before Wagtail's catch-all.
urlpatterns += [
    path("", include("courses.urls")),
    path("", include("courses.exercises.urls")),
    path("", include("content.webinars.urls")),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    import re

    from django.urls import re_path
    from django.views.static import serve

    # Not django.conf.urls.static.static(): it adds nothing when DEBUG is off.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]
