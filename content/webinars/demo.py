"""Demo webinars and recordings (idempotent): speakers, two upcoming webinars and three
short recordings with captions, chapters and transcripts. Every page says it is a demo.

The words are in `demo_data/`: `index.json`, `speakers.json`, one file per recording in
`recordings/` and per upcoming webinar in `upcoming/`. The videos are 8-second test
patterns with a sine tone, made by `demo_media/make_demo_media.sh` (ffmpeg) and committed
(each well under 300 KB).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile, File
from django.utils import timezone
from wagtail.models import Site
from wagtailmedia.models import Media

from content import demo_files
from content.webinars.models import (
    EVENT_TIME_ZONE,
    AccessLevel,
    RecordingCaption,
    RecordingChapter,
    RecordingPage,
    RecordingSpeaker,
    Speaker,
    WebinarAccess,
    WebinarIndexPage,
    WebinarPage,
    WebinarSpeaker,
)

HERE = Path(__file__).resolve().parent
MEDIA_DIR = HERE / "demo_media"
DATA = HERE / "demo_data"

# The index lists the recordings and upcoming webinars in the order they are made.
INDEX_SHAPE = {
    "slug": str,
    "title": str,
    "introduction": str,
    "recordings": [str],
    "upcoming": [str],
}
SPEAKERS_SHAPE = {
    "speakers": [{"name": str, "affiliation": str, "bio": str, "email?": str}],
}
COMMON = {
    "slug": str,
    "title": str,
    "speakers": [str],
    "domains": [str],
    "abstract": str,
}
RECORDING_SHAPE = {
    **COMMON,
    "access": tuple(AccessLevel.values),
    "recorded_on": str,
    "video": {"file": str, "title": str, "duration": int, "width": int, "height": int},
    "chapters": [{"start_seconds": int, "title": str}],
    "captions": [{"language": str, "label": str, "cues": demo_files.CUES}],
}
UPCOMING_SHAPE = {
    **COMMON,
    "access": tuple(WebinarAccess.values),
    "days_ahead": int,
    "starts_at": str,
    "duration_minutes": int,
    "capacity": int,
    "join_url": str,
}


def data_files() -> list[Path]:
    return [DATA / "index.json", DATA / "speakers.json"] + sorted(
        [*DATA.glob("recordings/*.json"), *DATA.glob("upcoming/*.json")]
    )


def read_data() -> dict[str, Any]:
    return {
        "index": demo_files.read(DATA / "index.json"),
        "speakers": demo_files.read(DATA / "speakers.json"),
        "recordings": demo_files.read_folder(DATA / "recordings"),
        "upcoming": demo_files.read_folder(DATA / "upcoming"),
    }


def validate(data: dict[str, Any]) -> list[str]:
    found = demo_files.problems(data["index"], INDEX_SHAPE, "index.json")
    found += demo_files.problems(data["speakers"], SPEAKERS_SHAPE, "speakers.json")
    names = {s.get("name") for s in data["speakers"].get("speakers", [])}
    for folder, shape in (("recordings", RECORDING_SHAPE), ("upcoming", UPCOMING_SHAPE)):
        listed, files = data["index"].get(folder, []), [path.stem for path, _ in data[folder]]
        if sorted(listed) != sorted(files):
            found.append(f"index.json: {folder} lists {listed}, but the files are {files}")
        for path, spec in data[folder]:
            where = f"{folder}/{path.name}"
            problems = demo_files.problems(spec, shape, where)
            found += problems
            if problems:
                continue
            if spec["slug"] != path.stem:
                found.append(f"{where}: the slug must be the file's name, '{path.stem}'")
            found += [f"{where}: no speaker '{n}'" for n in spec["speakers"] if n not in names]
            if folder == "recordings":
                found += _recording_problems(spec, where)
    return found


def _recording_problems(spec: dict[str, Any], where: str) -> list[str]:
    found = []
    try:
        datetime.date.fromisoformat(spec["recorded_on"])
    except ValueError:
        found.append(f"{where}: recorded_on must be a date, YYYY-MM-DD")
    if not (MEDIA_DIR / spec["video"]["file"]).is_file():
        found.append(f"{where}: no video file demo_media/{spec['video']['file']}")
    for i, captions in enumerate(spec["captions"]):
        found += demo_files.cue_problems(captions["cues"], f"{where}.captions[{i}].cues")
    return found


def _index(spec: dict[str, Any]) -> WebinarIndexPage:
    home = Site.objects.get(is_default_site=True).root_page.specific
    index = WebinarIndexPage.objects.first()
    if index is None:
        index = WebinarIndexPage(title=spec["title"], slug=spec["slug"])
        home.add_child(instance=index)
    index.title = spec["title"]
    index.introduction = spec["introduction"]
    index.is_demo = True
    index.save_revision().publish()
    return index


def _speakers(specs: list[dict[str, Any]]) -> dict[str, Speaker]:
    speakers = {}
    for spec in specs:
        speaker, _ = Speaker.objects.update_or_create(
            name=spec["name"], defaults={"email": "", **spec}
        )
        speakers[speaker.name] = speaker
    return speakers


def _media(spec: dict[str, Any]) -> Media:
    media = Media.objects.filter(title=spec["title"]).first()
    if media is None:
        with (MEDIA_DIR / spec["file"]).open("rb") as handle:
            media = Media.objects.create(
                title=spec["title"],
                type="video",
                duration=spec["duration"],
                width=spec["width"],
                height=spec["height"],
                file=File(handle, name=spec["file"]),
            )
    return media


def _recording(index: WebinarIndexPage, spec: dict, speakers: dict[str, Speaker]) -> None:
    page = RecordingPage.objects.filter(slug=spec["slug"]).first()
    is_new = page is None
    if is_new:
        page = RecordingPage(slug=spec["slug"])
    page.title = spec["title"]
    page.abstract = spec["abstract"]
    page.access = spec["access"]
    page.recorded_on = datetime.date.fromisoformat(spec["recorded_on"])
    page.is_demo = True
    page.video = _media(spec["video"])
    if is_new or not page.captions.exists():
        page.captions = [
            RecordingCaption(
                language=captions["language"],
                label=captions["label"],
                file=ContentFile(
                    demo_files.webvtt(captions["cues"]).encode(),
                    name=f"{spec['slug']}.{captions['language']}.vtt",
                ),
            )
            for captions in spec["captions"]
        ]
    page.chapters = [
        RecordingChapter(start_seconds=c["start_seconds"], title=c["title"])
        for c in spec["chapters"]
    ]
    page.speaker_links = [RecordingSpeaker(speaker=speakers[n]) for n in spec["speakers"]]
    if is_new:
        index.add_child(instance=page)
    page.domains.set(spec["domains"])
    page.save_revision().publish()


def _webinar(index: WebinarIndexPage, spec: dict, speakers: dict[str, Speaker]) -> None:
    page = WebinarPage.objects.filter(slug=spec["slug"]).first()
    is_new = page is None
    if is_new:
        page = WebinarPage(slug=spec["slug"])
    day = timezone.localdate() + datetime.timedelta(days=spec["days_ahead"])
    at = datetime.time.fromisoformat(spec["starts_at"])
    start = datetime.datetime.combine(day, at, tzinfo=EVENT_TIME_ZONE)
    page.title = spec["title"]
    page.abstract = spec["abstract"]
    page.access = spec["access"]
    page.start = start
    page.end = start + datetime.timedelta(minutes=spec["duration_minutes"])
    page.capacity = spec["capacity"]
    page.join_url = spec["join_url"]
    page.is_demo = True
    page.speaker_links = [WebinarSpeaker(speaker=speakers[n]) for n in spec["speakers"]]
    if is_new:
        index.add_child(instance=page)
    page.domains.set(spec["domains"])
    page.save_revision().publish()


def load(stdout) -> None:
    data = read_data()
    demo_files.require(validate(data))
    index = _index(data["index"])
    speakers = _speakers(data["speakers"]["speakers"])
    recordings = {spec["slug"]: spec for _, spec in data["recordings"]}
    for slug in data["index"]["recordings"]:
        _recording(index, recordings[slug], speakers)
    upcoming = {spec["slug"]: spec for _, spec in data["upcoming"]}
    for slug in data["index"]["upcoming"]:
        _webinar(index, upcoming[slug], speakers)
    stdout.write(
        f"Webinars: {len(data['upcoming'])} upcoming webinars and {len(data['recordings'])} "
        f"recordings at {index.url}."
    )
