"""Demo webinars and recordings (idempotent): speakers, two upcoming webinars and three
short recordings with captions, chapters and transcripts. Every page says it is a demo.

The videos are 8-second test patterns with a sine tone, made by
`demo_media/make_demo_media.sh` (ffmpeg) and committed (each well under 300 KB).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.files.base import ContentFile, File
from django.utils import timezone
from wagtail.models import Site
from wagtailmedia.models import Media

from content.webinars.models import (
    EVENT_TIME_ZONE,
    RecordingCaption,
    RecordingChapter,
    RecordingPage,
    RecordingSpeaker,
    Speaker,
    WebinarIndexPage,
    WebinarPage,
    WebinarSpeaker,
)

MEDIA_DIR = Path(__file__).resolve().parent / "demo_media"

SPEAKERS = [
    {
        "name": "Dr. Ilse Vermeulen (demo)",
        "affiliation": "Demo University Medical Centre, Utrecht",
        "bio": "Radiologist and PACS administrator; works on DICOMweb integration.",
        "email": "ilse.vermeulen@example.org",
    },
    {
        "name": "Marco Bianchi (demo)",
        "affiliation": "Demo Hospital Network, Milan",
        "bio": "Imaging informatics engineer; builds structured-reporting templates.",
        "email": "marco.bianchi@example.org",
    },
    {
        "name": "Prof. Anna Kowalska (demo)",
        "affiliation": "Demo Institute for Health Law, Kraków",
        "bio": "Lawyer working on data protection for medical AI.",
        "email": "",
    },
]


def _vtt(cues: list[tuple[str, str, str]]) -> str:
    blocks = [f"{start} --> {end}\n{text}" for start, end, text in cues]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


RECORDINGS = [
    {
        "slug": "dicomweb-in-practice",
        "title": "DICOMweb in practice",
        "file": "dicomweb-in-practice.webm",
        "access": "public",
        "recorded_on": datetime.date(2024, 11, 14),
        "speakers": [0],
        "domains": ["Standards and interoperability"],
        "abstract": (
            "How QIDO-RS, WADO-RS and STOW-RS replace C-FIND, C-MOVE and C-STORE for web "
            "viewers and AI platforms, and what to check before you switch them on."
        ),
        "chapters": [(0, "Why DICOMweb"), (3, "Searching with QIDO-RS"), (6, "Retrieving")],
        "captions": [
            (
                "en",
                "English",
                [
                    (
                        "00:00:00.000",
                        "00:00:03.000",
                        "DICOMweb brings the DICOM services to plain HTTP.",
                    ),
                    (
                        "00:00:03.000",
                        "00:00:06.000",
                        "QIDO-RS searches studies by patient, date or accession number.",
                    ),
                    (
                        "00:00:06.000",
                        "00:00:08.000",
                        "WADO-RS retrieves instances, frames and rendered images.",
                    ),
                ],
            ),
            (
                "nl",
                "Nederlands",
                [
                    (
                        "00:00:00.000",
                        "00:00:03.000",
                        "DICOMweb brengt de DICOM-diensten naar gewoon HTTP.",
                    ),
                    (
                        "00:00:03.000",
                        "00:00:06.000",
                        "QIDO-RS zoekt studies op patiënt, datum of accessienummer.",
                    ),
                    (
                        "00:00:06.000",
                        "00:00:08.000",
                        "WADO-RS haalt instanties, frames en gerenderde beelden op.",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "structured-reporting-with-mrrt",
        "title": "Structured reporting with MRRT",
        "file": "structured-reporting-mrrt.webm",
        "access": "members",
        "recorded_on": datetime.date(2025, 2, 20),
        "speakers": [1],
        "domains": ["Structured reporting"],
        "abstract": (
            "IHE Management of Radiology Report Templates: the HTML5 template format, coded "
            "terms from RadLex, and how measurements flow in from DICOM SR."
        ),
        "chapters": [(0, "What MRRT defines"), (4, "Measurements from DICOM SR")],
        "captions": [
            (
                "en",
                "English",
                [
                    (
                        "00:00:00.000",
                        "00:00:04.000",
                        "An MRRT template is an HTML5 document with coded fields.",
                    ),
                    (
                        "00:00:04.000",
                        "00:00:08.000",
                        "Measurements from a TID 1500 structured report fill the template fields.",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "gdpr-for-imaging-ai",
        "title": "GDPR for imaging AI",
        "file": "gdpr-for-imaging-ai.webm",
        "access": "signed_in",
        "recorded_on": datetime.date(2025, 6, 5),
        "speakers": [2],
        "domains": ["Law and ethics"],
        "abstract": (
            "Legal bases for training on clinical images, pseudonymisation versus "
            "anonymisation, and what the AI Act adds for high-risk medical software."
        ),
        "chapters": [(0, "Legal bases"), (4, "Pseudonymisation is not anonymisation")],
        "captions": [
            (
                "en",
                "English",
                [
                    (
                        "00:00:00.000",
                        "00:00:04.000",
                        "Training an algorithm on patient images needs a legal basis "
                        "under the GDPR.",
                    ),
                    (
                        "00:00:04.000",
                        "00:00:08.000",
                        "Pseudonymised images are still personal data; "
                        "de-identify the DICOM headers.",
                    ),
                ],
            ),
        ],
    },
]

WEBINARS = [
    {
        "slug": "fhir-imagingstudy-live",
        "title": "FHIR ImagingStudy, live",
        "days_ahead": 14,
        "access": "public",
        "speakers": [0],
        "domains": ["Standards and interoperability"],
        "abstract": "A live walk-through of linking FHIR ImagingStudy resources to DICOMweb.",
    },
    {
        "slug": "ai-act-for-radiology-departments",
        "title": "The AI Act for radiology departments",
        "days_ahead": 35,
        "access": "members",
        "speakers": [2, 1],
        "domains": ["Law and ethics"],
        "abstract": "What deployers of high-risk AI must do: oversight, logging and training.",
    },
]


def _index() -> WebinarIndexPage:
    home = Site.objects.get(is_default_site=True).root_page.specific
    index = WebinarIndexPage.objects.first()
    if index is None:
        index = WebinarIndexPage(title="Webinars", slug="webinars")
        home.add_child(instance=index)
    index.title = "Webinars and recordings"
    index.introduction = (
        "Monthly webinars with the society's experts, and the library of recordings with "
        "captions, chapters and searchable transcripts."
    )
    index.is_demo = True
    index.save_revision().publish()
    return index


def _speakers() -> list[Speaker]:
    speakers = []
    for spec in SPEAKERS:
        speaker, _ = Speaker.objects.update_or_create(name=spec["name"], defaults=spec)
        speakers.append(speaker)
    return speakers


def _media(spec: dict) -> Media:
    title = f"Demo: {spec['title']}"
    media = Media.objects.filter(title=title).first()
    if media is None:
        with (MEDIA_DIR / spec["file"]).open("rb") as handle:
            media = Media.objects.create(
                title=title,
                type="video",
                duration=8,
                width=320,
                height=180,
                file=File(handle, name=spec["file"]),
            )
    return media


def _recording(index: WebinarIndexPage, spec: dict, speakers: list[Speaker]) -> None:
    page = RecordingPage.objects.filter(slug=spec["slug"]).first()
    is_new = page is None
    if is_new:
        page = RecordingPage(slug=spec["slug"])
    page.title = spec["title"]
    page.abstract = spec["abstract"]
    page.access = spec["access"]
    page.recorded_on = spec["recorded_on"]
    page.is_demo = True
    page.video = _media(spec)
    if is_new or not page.captions.exists():
        page.captions = [
            RecordingCaption(
                language=language,
                label=label,
                file=ContentFile(_vtt(cues).encode(), name=f"{spec['slug']}.{language}.vtt"),
            )
            for language, label, cues in spec["captions"]
        ]
    page.chapters = [RecordingChapter(start_seconds=s, title=t) for s, t in spec["chapters"]]
    page.speaker_links = [RecordingSpeaker(speaker=speakers[i]) for i in spec["speakers"]]
    if is_new:
        index.add_child(instance=page)
    page.domains.set(spec["domains"])
    page.save_revision().publish()


def _webinar(index: WebinarIndexPage, spec: dict, speakers: list[Speaker]) -> None:
    page = WebinarPage.objects.filter(slug=spec["slug"]).first()
    is_new = page is None
    if is_new:
        page = WebinarPage(slug=spec["slug"])
    day = timezone.localdate() + datetime.timedelta(days=spec["days_ahead"])
    start = datetime.datetime.combine(day, datetime.time(16, 0), tzinfo=EVENT_TIME_ZONE)
    page.title = spec["title"]
    page.abstract = spec["abstract"]
    page.access = spec["access"]
    page.start = start
    page.end = start + datetime.timedelta(hours=1)
    page.capacity = 100
    page.join_url = "https://meet.example.org/demo-webinar"
    page.is_demo = True
    page.speaker_links = [WebinarSpeaker(speaker=speakers[i]) for i in spec["speakers"]]
    if is_new:
        index.add_child(instance=page)
    page.domains.set(spec["domains"])
    page.save_revision().publish()


def load(stdout) -> None:
    index = _index()
    speakers = _speakers()
    for spec in RECORDINGS:
        _recording(index, spec, speakers)
    for spec in WEBINARS:
        _webinar(index, spec, speakers)
    stdout.write(
        f"Webinars: {len(WEBINARS)} upcoming webinars and {len(RECORDINGS)} recordings "
        f"at {index.url}."
    )
