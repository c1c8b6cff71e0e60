"""Demo site pages: a home page and the standard pages a society academy needs."""

from wagtail.models import Collection, Locale, Page, Site
from wagtail.rich_text import RichText

from content.models import FooterLink, HomePage, SiteSettings, StandardPage

DEMO_PAGES = [
    {
        "slug": "about",
        "title": "About the Academy",
        "introduction": (
            "The Academy is the e-learning home of a European society of imaging "
            "informatics (a demo society on this site). It teaches radiologists, "
            "radiographers and engineers the informatics behind every image."
        ),
        "body": [
            ("heading", {"text": "What you can do here", "level": "h2"}),
            (
                "paragraph",
                RichText(
                    "<p>Work through a curriculum modelled on the ten domains of the Certified "
                    "Imaging Informatics Professional exam, adapted to European law: GDPR, the "
                    "Medical Device Regulation, the AI Act and the European Health Data Space.</p>"
                    "<p>Practise structured reporting on real DICOM Structured Reports: transfer "
                    "the measurements into an IHE MRRT template, classify the finding, and get "
                    "every point of your report explained.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "membership",
        "title": "Become a member",
        "introduction": (
            "Members watch every webinar recording, ask the speakers questions and join "
            "members-only events."
        ),
        "body": [
            (
                "paragraph",
                RichText(
                    "<p>Membership categories: full member, junior or resident member "
                    "(reduced fee for trainees, with a proof of training status), associate "
                    "member and honorary member (by invitation). "
                    '<a href="/membership/join/">Join online</a>: see the fee for your '
                    "category, pay by card or bank transfer, and your membership, invoice and "
                    "certificate are on your profile page.</p>"
                ),
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "title": "Demo society",
                    "body": RichText(
                        "<p>This is demo content: there is no real "
                        "society behind this page and no fee.</p>"
                    ),
                },
            ),
        ],
    },
    {
        "slug": "privacy",
        "title": "Privacy",
        "introduction": "How the Academy handles your personal data under the GDPR.",
        "body": [
            (
                "paragraph",
                RichText(
                    "<p>We keep the data needed to run your learning: your account, enrolments, "
                    "progress, submissions, certificates and webinar registrations. We use no "
                    "third-party trackers, analytics or fonts; every file comes from this site.</p>"
                    "<p>Sample cases used in exercises are synthetic or de-identified under "
                    "DICOM PS3.15 Annex E before they are stored.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "accessibility",
        "title": "Accessibility statement",
        "introduction": "The Academy aims to meet WCAG 2.2 level AA (EN 301 549).",
        "body": [
            (
                "paragraph",
                RichText(
                    "<p>Every page can be used by keyboard, has landmarks and labelled forms, "
                    "and keeps visible focus. Videos have captions and transcripts. If something "
                    "does not work for you, write to the contact address in the footer.</p>"
                ),
            ),
        ],
    },
]


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


def load(stdout) -> None:
    home = ensure_home_page()
    home.title = "Home"
    home.is_demo = True
    home.hero_title = "Learn imaging informatics, the European way"
    home.hero_text = (
        "Courses on a CIIP-style curriculum adapted to European law, webinar recordings "
        "for society members, and hands-on structured-reporting exercises graded field by "
        "field."
    )
    home.body = [
        (
            "cards",
            {
                "heading": "Start here",
                "cards": [
                    {
                        "title": "Curriculum",
                        "text": "Ten domains, from procurement to imaging "
                        "informatics, with the objectives each course covers.",
                        "link_url": "/curriculum/",
                        "link_label": "Explore the curriculum",
                    },
                    {
                        "title": "Structured reporting",
                        "text": "Read a DICOM-SR case, fill an MRRT "
                        "template and see every point of your grade explained.",
                        "link_url": "/exercises/",
                        "link_label": "Try an exercise",
                    },
                    {
                        "title": "Webinars",
                        "text": "Monthly webinars with captions, chapters and "
                        "searchable transcripts; recordings for members.",
                        "link_url": "/webinars/",
                        "link_label": "See webinars",
                    },
                ],
            },
        ),
    ]
    home.save_revision().publish()

    for spec in DEMO_PAGES:
        page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is None:
            page = StandardPage(slug=spec["slug"], title=spec["title"])
            home.add_child(instance=page)
        page.title = spec["title"]
        page.introduction = spec["introduction"]
        page.body = spec["body"]
        page.is_demo = True
        page.show_in_menus = False
        page.save_revision().publish()

    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    site_settings.society_name = "European Society of Imaging Informatics (demo)"
    site_settings.tagline = "Demo society for the Imaging Informatics Academy"
    site_settings.contact_email = "academy@example.org"
    site_settings.membership_info_page = Page.objects.get(
        id=StandardPage.objects.child_of(home).get(slug="membership").id
    )
    site_settings.save()
    FooterLink.objects.filter(settings=site_settings).delete()
    for order, slug in enumerate(["about", "membership", "privacy", "accessibility"]):
        page = StandardPage.objects.child_of(home).get(slug=slug)
        FooterLink.objects.create(
            settings=site_settings, sort_order=order, label=page.title, page=page
        )
    stdout.write("Site pages: home, about, membership, privacy, accessibility.")
