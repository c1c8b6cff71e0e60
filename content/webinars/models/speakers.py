"""Speakers, a snippet shared by webinars and recordings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from content.webinars.speaker_accounts import SpeakerForm, speaker_account_chooser


@register_snippet
class Speaker(index.Indexed, models.Model):
    name = models.CharField(max_length=120)
    affiliation = models.CharField(max_length=200, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(
        blank=True, help_text=gettext_lazy("Receives a digest of new questions from participants.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaker_profiles",
        help_text=gettext_lazy(
            "The speaker's Academy account; lets them answer questions on the page."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("affiliation"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("email"),
        FieldPanel("user", widget=speaker_account_chooser.widget_class),
    ]
    base_form_class = SpeakerForm
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name
