from django.db import models
from django.utils.translation import gettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from content import page_cache
from content.blocks import BodyBlock
from content.routing import CachedRouteMixin, CachedViewRestrictionsMixin


class DemoContentMixin(models.Model):
    """Pages made by `load_demo` say so, on the page, so no one mistakes them for real."""

    is_demo = models.BooleanField(
        default=False, help_text=gettext_lazy("Shows a 'demo content' notice on the page.")
    )

    class Meta:
        abstract = True


class AnonymousPageCacheMixin:
    """Keep the anonymous HTML of a page in the cache, for `content.page_cache` to serve.

    Safe only for pages whose anonymous HTML holds nothing per visitor (no CSRF token,
    no messages): signed-in visitors, previews and visitors with a pending message are
    always rendered afresh. Any publish, unpublish, move, delete, privacy or site settings
    change makes every copy unreachable at once (`page_cache.content_changed`).
    """

    anonymous_cache_seconds = 300

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if page_cache.may_store(request, response):
            page_cache.store(request, response, self.anonymous_cache_seconds)
        return response


class HomePage(
    CachedRouteMixin, AnonymousPageCacheMixin, CachedViewRestrictionsMixin, DemoContentMixin, Page
):
    hero_title = models.CharField(max_length=120)
    hero_text = models.TextField(max_length=400, blank=True)
    hero_cta_label = models.CharField(max_length=40, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_cta_label"),
                FieldPanel("hero_cta_page"),
            ],
            heading=gettext_lazy("Hero"),
        ),
        FieldPanel("body"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("is_demo")]
    search_fields = Page.search_fields + [
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]


class StandardPage(AnonymousPageCacheMixin, CachedViewRestrictionsMixin, DemoContentMixin, Page):
    introduction = models.TextField(max_length=500, blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    settings_panels = Page.settings_panels + [FieldPanel("is_demo")]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]


@register_setting(icon="site")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    society_name = models.CharField(
        max_length=120, default="European Society of Imaging Informatics (demo)"
    )
    tagline = models.CharField(max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_email = models.EmailField(blank=True)
    membership_info_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy(
            "Where non-members learn how to join; linked from members-only teasers."
        ),
    )

    panels = [
        FieldPanel("society_name"),
        FieldPanel("tagline"),
        FieldPanel("logo"),
        FieldPanel("contact_email"),
        FieldPanel("membership_info_page"),
        InlinePanel("footer_links", label=gettext_lazy("Footer links")),
    ]

    class Meta:
        verbose_name = gettext_lazy("Site settings")

    @property
    def links_for_footer(self) -> list["FooterLink"]:
        """Footer links with their pages in one query (the footer is on every page)."""
        return list(self.footer_links.select_related("page"))


class FooterLink(Orderable):
    settings = ParentalKey(SiteSettings, related_name="footer_links", on_delete=models.CASCADE)
    label = models.CharField(max_length=60)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    url = models.URLField(blank=True)

    panels = [FieldPanel("label"), FieldPanel("page"), FieldPanel("url")]

    @property
    def href(self) -> str:
        if self.page_id:
            return self.page.url
        return self.url
