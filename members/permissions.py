"""What each role may do in the Wagtail admin, kept in code so every install agrees.

`sync_role_permissions()` is idempotent: it runs after every `migrate` and at the end of
`load_demo` (page permissions need the section pages, which the demo or an editor makes).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.module_loading import autodiscover_modules

from members.roles import ROLE_GROUPS, Role

# Each app says what its models allow each role in its own `admin_permissions.py`
# (courses, exercises, webinars, the society), with `register`; this module knows no
# feature's models. Specs are "app_label.codename"; a trailing "*" means add/change/view.


@dataclass(frozen=True)
class AdminPermissions:
    """One app's part: model permissions for instructors (staff get them too) and for staff
    only, and the section pages under which instructors add, edit and publish pages."""

    app: str
    instructor: tuple[str, ...] = ()
    staff: tuple[str, ...] = ()
    section_pages: Callable[[], list[int]] | None = None


_registered: dict[str, AdminPermissions] = {}
_discovered = False


def register(
    app: str,
    *,
    instructor: Iterable[str] = (),
    staff: Iterable[str] = (),
    section_pages: Callable[[], list[int]] | None = None,
) -> None:
    _registered[app] = AdminPermissions(app, tuple(instructor), tuple(staff), section_pages)


def registered() -> list[AdminPermissions]:
    global _discovered
    if not _discovered:
        autodiscover_modules("admin_permissions")
        _discovered = True
    return list(_registered.values())


register("wagtailadmin", instructor=["wagtailadmin.access_admin"])
register("members", staff=["members.membership*", "members.view_user"])


def model_permissions() -> dict[Role, list[str]]:
    """Every registered spec by role: instructors get the authoring ones, staff all."""
    parts = registered()
    authoring = [spec for part in parts for spec in part.instructor]
    return {
        Role.INSTRUCTOR: authoring,
        Role.STAFF: authoring + [spec for part in parts for spec in part.staff],
    }


# Page-tree permissions: where each role may add, edit and publish pages.
PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "view_page",
    "lock_page",
    "unlock_page",
]
# Images, documents and media in the root collection: instructors upload and choose them.
COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtailmedia.add_media",
    "wagtailmedia.change_media",
]


def _expand(spec: str) -> list[tuple[str, str]]:
    app_label, codename = spec.split(".")
    if codename.endswith("*"):
        model = codename[:-1]
        return [(app_label, f"{action}_{model}") for action in ("add", "change", "view")]
    return [(app_label, codename)]


def _permissions(specs: list[str]) -> list[Permission]:
    wanted = [pair for spec in specs for pair in _expand(spec)]
    query = Q()
    for app_label, codename in wanted:
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query)) if wanted else []


def _section_pages(role: Role):
    from wagtail.models import Page, Site

    if role is Role.STAFF:
        return [site.root_page for site in Site.objects.select_related("root_page")]
    ids = [i for part in registered() if part.section_pages for i in part.section_pages()]
    return list(Page.objects.filter(id__in=ids))


def sync_role_permissions() -> None:
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    page_permissions = list(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
        )
    )
    collection_permissions = _permissions(COLLECTION_PERMISSIONS)
    root_collection = Collection.get_first_root_node()
    for role, specs in model_permissions().items():
        group, _ = Group.objects.get_or_create(name=ROLE_GROUPS[role])
        group.permissions.add(*_permissions(specs))
        for page in _section_pages(role):
            for permission in page_permissions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=permission
                )
        if root_collection:
            for permission in collection_permissions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


def sync_after_migrate(sender, using="default", **kwargs) -> None:
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    # auth's own handler may not have run yet for the apps whose signal comes last.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_role_permissions()
