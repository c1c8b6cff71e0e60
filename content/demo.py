"""Demo site pages: a home page and the standard pages a society academy needs.

The words are in `demo_data/site.json`; this loader puts them on the pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wagtail.models import Collection, Locale, Page, Site

from content import demo_files
from content.models import FooterLink, HomePage, SiteSettings, StandardPage

DATA = Path(__file__).resolve().parent / "demo_data" / "site.json"

BLOCKS = {
    "heading": {"text": str, "level": ("h2", "h3")},
    "paragraph": {"paragraphs": [str]},
    "callout": demo_files.CALLOUT,
    "cards": {
        "heading?": str,
        "cards": [{"title": str, "text": str, "link_url?": str, "link_label?": str}],
    },
}
SHAPE = {
    "home": {"title": str, "hero_title": str, "hero_text": str, "body": list},
    "pages": [{"slug": str, "title": str, "introduction": str, "body": list}],
    "settings": {
        "society_name": str,
        "tagline": str,
        "contact_email": str,
        "membership_info_page": str,
        "footer_links": [str],
    },
}


def data_files() -> list[Path]:
    return [DATA]


def validate(data: dict[str, Any]) -> list[str]:
    where = DATA.name
    found = demo_files.problems(data, SHAPE, where)
    if found:
        return found
    found += demo_files.block_problems(data["home"]["body"], BLOCKS, f"{where}.home.body")
    for i, page in enumerate(data["pages"]):
        found += demo_files.block_problems(page["body"], BLOCKS, f"{where}.pages[{i}].body")
    slugs = {page["slug"] for page in data["pages"]}
    settings = data["settings"]
    for slug in [settings["membership_info_page"], *settings["footer_links"]]:
        if slug not in slugs:
            found.append(f"{where}.settings: no page with the slug '{slug}'")
    return found


def body(blocks: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """Data blocks as StreamField (type, value) pairs; paragraph lists become rich text."""
    stream = []
    for block in blocks:
        kind, value = block["type"], {k: v for k, v in block.items() if k != "type"}
        if kind == "paragraph":
            stream.append((kind, demo_files.rich_text(value["paragraphs"])))
            continue
        if kind == "callout":
            value["body"] = demo_files.rich_text(value["body"])
        stream.append((kind, value))
    return stream


def ensure_home_page() -> HomePage:
    """The default site's HomePage; made (with the tree root, locale and site) if a
    database has none, as after a test run truncated every table."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    Locale.objects.get_or_create(language_code="en")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(
            instance=HomePage(title="Home", slug="home", hero_title="Imaging Informatics Academy")
        )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Academy"},
    )
    return home


def _home(spec: dict[str, Any]) -> HomePage:
    home = ensure_home_page()
    home.title = spec["title"]
    home.is_demo = True
    home.hero_title = spec["hero_title"]
    home.hero_text = spec["hero_text"]
    home.body = body(spec["body"])
    home.save_revision().publish()
    return home


def _standard_page(home: HomePage, spec: dict[str, Any]) -> None:
    page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
    if page is None:
        page = StandardPage(slug=spec["slug"], title=spec["title"])
        home.add_child(instance=page)
    page.title = spec["title"]
    page.introduction = spec["introduction"]
    page.body = body(spec["body"])
    page.is_demo = True
    page.show_in_menus = False
    page.save_revision().publish()


def _site_settings(home: HomePage, spec: dict[str, Any]) -> None:
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.society_name = spec["society_name"]
    site_settings.tagline = spec["tagline"]
    site_settings.contact_email = spec["contact_email"]
    site_settings.membership_info_page = Page.objects.get(
        id=StandardPage.objects.child_of(home).get(slug=spec["membership_info_page"]).id
    )
    site_settings.save()
    FooterLink.objects.filter(settings=site_settings).delete()
    for order, slug in enumerate(spec["footer_links"]):
        page = StandardPage.objects.child_of(home).get(slug=slug)
        FooterLink.objects.create(
            settings=site_settings, sort_order=order, label=page.title, page=page
        )


def load(stdout) -> None:
    data = demo_files.read(DATA)
    demo_files.require(validate(data))
    home = _home(data["home"])
    for spec in data["pages"]:
        _standard_page(home, spec)
    _site_settings(home, data["settings"])
    stdout.write(f"Site pages: home, {', '.join(spec['slug'] for spec in data['pages'])}.")
