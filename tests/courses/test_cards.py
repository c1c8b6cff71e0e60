"""Course cards carry an image: the authored cover image, else a generated default in
the colour of the curriculum domain most of the course's objectives belong to."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from courses.models import LearningObjective, Topic
from tests.courses.factories import DomainFactory, build_course, course_index

pytestmark = pytest.mark.django_db


def objective(domain, text: str) -> LearningObjective:
    topic = Topic.objects.create(domain=domain, title=f"Topic {text}", esr_level="II")
    return LearningObjective.objects.create(topic=topic, kind="knowledge", text=text)


def cover(name: str):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), (20, 80, 120)).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title=name, file=ImageFile(buffer, name=f"{name}.png"), description="An MRI console"
    )


def card_images(html: str) -> list[str]:
    return re.findall(r'<img class="card__image" src="([^"]+)"[^>]*alt=""', html)


def test_a_course_without_a_cover_image_gets_the_default_of_its_main_domain(client):
    course = build_course(title="Reporting with templates")
    law, reporting = DomainFactory(letter="C"), DomainFactory(letter="F")
    course.objectives.add(objective(law, "one"), objective(reporting, "two"))
    course.objectives.add(objective(reporting, "three"))
    course.save_revision().publish()

    html = client.get(course_index().url).content.decode()
    [src] = card_images(html)
    assert re.fullmatch(r"/card-images/F-[0-9a-f]{8}\.svg", src)
    assert client.get(src)["Content-Type"] == "image/svg+xml"


def test_an_authored_cover_image_is_shown_at_card_size_and_described_on_the_course_page(client):
    course = build_course(title="PACS operations")
    course.cover_image = cover("console")
    course.save_revision().publish()

    [src] = card_images(client.get(course_index().url).content.decode())
    assert src.startswith("/media/") or "images/" in src
    assert ".fill-480x270" in src
    course_page = client.get(course.url).content.decode()
    assert 'alt="An MRI console"' in course_page  # no title beside it: the image is described
