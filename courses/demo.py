"""Demo curriculum, question bank and courses (idempotent; pages flagged is_demo).

Every word is in `demo_data/`: `curriculum.json`, `questions.json`, `catalogue.json` (the
course index and the order of its courses) and one file per course in `courses/`, with its
modules and lessons; the lesson video and its script are in `media/`. This loader checks
the files, then writes the pages through the models, so an editor of the demo edits JSON.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile, File
from wagtail.documents.models import Document
from wagtail.models import Page, Site
from wagtailmedia.models import Media

from content import demo_files
from content.models import HomePage
from courses import demo_curriculum
from courses.models import (
    CompletionRule,
    CourseIndexPage,
    CoursePage,
    Domain,
    LearningObjective,
    LessonPage,
    ModulePage,
    Question,
)

DATA = Path(__file__).resolve().parent / "demo_data"
CATALOGUE = DATA / "catalogue.json"
COURSES = DATA / "courses"
MEDIA = DATA / "media"

VIDEO = {
    "title?": str,
    "video": {"file": str, "title": str, "duration": int, "width": int, "height": int},
    "captions": {"title": str, "language": str, "cues": demo_files.CUES},
    "transcript?": [str],
}
LESSON_BLOCKS = {
    "rich_text": {"paragraphs": [str]},
    "callout": demo_files.CALLOUT,
    "quiz": {"title": str, "questions": [str], "pass_mark": int},
    "reporting_exercise": {"title": str, "instructions": [str]},
    "video": VIDEO,
}
LESSON = {
    "slug": str,
    "title": str,
    "summary?": str,
    "estimated_minutes": int,
    "completion_rule": tuple(CompletionRule.values),
    "objectives?": [str],
    "body": list,
}
COURSE_SHAPE = {
    "slug": str,
    "title": str,
    "summary": str,
    "audience": str,
    "authors": str,
    "estimated_minutes": int,
    "cme_credits": str,
    "accreditation_number": str,
    "objectives": [str],
    "teaching_staff?": [str],
    "modules": [{"slug": str, "title": str, "summary?": str, "lessons": [LESSON]}],
}
CATALOGUE_SHAPE = {"slug": str, "title": str, "introduction": str, "courses": [str]}
# The block a completion rule needs in the lesson's body (as `LessonPage.clean` asks).
RULE_BLOCK = {"quiz": "quiz", "video": "video", "exercise": "reporting_exercise"}


def data_files() -> list[Path]:
    return [demo_curriculum.CURRICULUM, demo_curriculum.QUESTIONS, CATALOGUE] + sorted(
        COURSES.glob("*.json")
    )


def read_data() -> dict[str, Any]:
    return {
        "curriculum": demo_files.read(demo_curriculum.CURRICULUM),
        "questions": demo_files.read(demo_curriculum.QUESTIONS),
        "catalogue": demo_files.read(CATALOGUE),
        "courses": demo_files.read_folder(COURSES),
    }


def validate(data: dict[str, Any]) -> list[str]:
    """Every file's shape, and what ties them together: the catalogue lists each course
    file once, lessons cite objectives of the curriculum and questions of the bank, each
    completion rule has its block, each video file exists."""
    found = demo_curriculum.validate_curriculum(data["curriculum"])
    if found:
        return found
    domains = data["curriculum"]["domains"]
    letters = {d["letter"] for d in domains}
    texts = {o["text"] for d in domains for t in d["topics"] for o in t["objectives"]}
    found += demo_curriculum.validate_questions(data["questions"], letters=letters)
    slugs = {q["slug"] for q in data["questions"].get("questions", [])}
    found += demo_files.problems(data["catalogue"], CATALOGUE_SHAPE, CATALOGUE.name)
    listed = data["catalogue"].get("courses", [])
    files = [path.stem for path, _ in data["courses"]]
    if sorted(listed) != sorted(files):
        found.append(f"{CATALOGUE.name}: lists {listed}, but the course files are {files}")
    for path, course in data["courses"]:
        found += _course_problems(path, course, texts=texts, questions=slugs)
    return found


def _course_problems(path: Path, course: Any, *, texts: set[str], questions: set[str]) -> list[str]:
    where = f"courses/{path.name}"
    found = demo_files.problems(course, COURSE_SHAPE, where)
    if found:
        return found
    if course["slug"] != path.stem:
        found.append(f"{where}: the slug must be the file's name, '{path.stem}'")
    for text in course["objectives"]:
        if text not in texts:
            found.append(f"{where}: objective not in the curriculum: {text}")
    for m, module in enumerate(course["modules"]):
        for n, lesson in enumerate(module["lessons"]):
            at = f"{where}.modules[{m}].lessons[{n}]"
            found += demo_files.block_problems(lesson["body"], LESSON_BLOCKS, f"{at}.body")
            for text in lesson.get("objectives", []):
                if text not in texts:
                    found.append(f"{at}: objective not in the curriculum: {text}")
            kinds = {b.get("type") for b in lesson["body"] if isinstance(b, dict)}
            needed = RULE_BLOCK.get(lesson["completion_rule"])
            if needed and needed not in kinds:
                found.append(f"{at}: the rule '{lesson['completion_rule']}' needs a {needed}")
            for block in lesson["body"]:
                found += _block_references(block, at, questions=questions)
    return found


def _block_references(block: Any, at: str, *, questions: set[str]) -> list[str]:
    if not isinstance(block, dict):
        return []
    if block.get("type") == "quiz":
        slugs = block.get("questions") or []
        return [f"{at}: no question '{s}' in the bank" for s in slugs if s not in questions]
    if block.get("type") == "video" and isinstance(block.get("video"), dict):
        found = []
        if not (MEDIA / str(block["video"].get("file"))).is_file():
            found.append(f"{at}: no video file media/{block['video'].get('file')}")
        captions = block.get("captions")
        if isinstance(captions, dict) and isinstance(captions.get("cues"), list):
            found += demo_files.cue_problems(captions["cues"], f"{at}.captions.cues")
        return found
    return []


# --- Writing the pages ------------------------------------------------------------------


def _upsert(parent: Page, model, slug: str, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    m2m = {k: fields.pop(k) for k in ("objectives",) if k in fields}
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        for key, value in fields.items():
            setattr(page, key, value)
    for key, value in m2m.items():
        getattr(page, key).set(value)
    page.is_demo = True
    page.save_revision().publish()
    return model.objects.get(pk=page.pk)


def _video(spec: dict[str, Any]) -> dict[str, Any]:
    """The lesson video and its captions, made once and found again by their titles (the
    captions file is written again when the data file's cues change)."""
    video = spec["video"]
    media = Media.objects.filter(title=video["title"]).first()
    if media is None:
        with (MEDIA / video["file"]).open("rb") as handle:
            media = Media.objects.create(
                title=video["title"],
                type="video",
                duration=video["duration"],
                width=video["width"],
                height=video["height"],
                file=File(handle, name=video["file"]),
            )
    captions = spec["captions"]
    vtt = demo_files.webvtt(captions["cues"]).encode()
    name = f"{Path(video['file']).stem}.{captions['language']}.vtt"
    document = Document.objects.filter(title=captions["title"]).first()
    if document is None:
        document = Document.objects.create(title=captions["title"], file=ContentFile(vtt, name))
    else:
        with document.file.open("rb") as handle:
            written = handle.read()
        if written != vtt:  # an editor changed the cues: serve what the data file says
            document.file.save(name, ContentFile(vtt), save=True)
    value: dict[str, Any] = {
        "video": media,
        "captions": document,
        "captions_language": captions["language"],
        "title": spec.get("title", ""),
    }
    if "transcript" in spec:
        value["transcript"] = demo_files.rich_text(spec["transcript"])
    return value


def lesson_body(blocks: list[dict[str, Any]], bank: dict[str, Question]) -> list[tuple]:
    """Data blocks as StreamField (type, value) pairs: paragraph lists become rich text,
    quiz question slugs the bank's questions, a video spec the media and its captions."""
    stream: list[tuple] = []
    for block in blocks:
        kind, value = block["type"], {k: v for k, v in block.items() if k != "type"}
        if kind == "rich_text":
            stream.append((kind, demo_files.rich_text(value["paragraphs"])))
        elif kind == "callout":
            stream.append((kind, {**value, "body": demo_files.rich_text(value["body"])}))
        elif kind == "quiz":
            stream.append((kind, {**value, "questions": [bank[s] for s in value["questions"]]}))
        elif kind == "reporting_exercise":
            instructions = demo_files.rich_text(value["instructions"])
            # The exercises demo points this block at its exercise page.
            stream.append((kind, {**value, "instructions": instructions, "exercise_page": None}))
        elif kind == "video":
            stream.append((kind, _video(value)))
    return stream


def _objectives(texts: list[str], objectives: dict[str, LearningObjective]):
    return [objectives[text] for text in texts]


def load_course(
    index: CourseIndexPage,
    spec: dict[str, Any],
    objectives: dict[str, LearningObjective],
    bank: dict[str, Question],
) -> CoursePage:
    course = _upsert(
        index,
        CoursePage,
        spec["slug"],
        title=spec["title"],
        summary=spec["summary"],
        audience=spec["audience"],
        authors=spec["authors"],
        estimated_minutes=spec["estimated_minutes"],
        cme_credits=Decimal(spec["cme_credits"]),
        accreditation_number=spec["accreditation_number"],
        objectives=_objectives(spec["objectives"], objectives),
    )
    for module_spec in spec["modules"]:
        fields = {"title": module_spec["title"]}
        if "summary" in module_spec:
            fields["summary"] = module_spec["summary"]
        module = _upsert(course, ModulePage, module_spec["slug"], **fields)
        for lesson in module_spec["lessons"]:
            fields = {
                "title": lesson["title"],
                "estimated_minutes": lesson["estimated_minutes"],
                "completion_rule": lesson["completion_rule"],
                "body": lesson_body(lesson["body"], bank),
            }
            if "summary" in lesson:
                fields["summary"] = lesson["summary"]
            if "objectives" in lesson:
                fields["objectives"] = _objectives(lesson["objectives"], objectives)
            _upsert(module, LessonPage, lesson["slug"], **fields)
    return course


def assign_teaching_staff(course: CoursePage, emails: list[str]) -> None:
    """The demo instructor teaches the demo course (so the instructor view, gradebook and
    trainee histories show its learners); the other demo courses are taught by nobody
    but staff, which shows that an instructor sees only what they teach."""
    from members.models import User

    missing = User.objects.filter(email__in=emails).exclude(
        pk__in=course.teaching_staff.values("pk")
    )
    if missing:
        course.teaching_staff.add(*missing)
        course.save_revision().publish()


def load_courses(
    data: dict[str, Any],
    objectives: dict[str, LearningObjective],
    bank: dict[str, Question],
) -> list[CoursePage]:
    home = Site.objects.get(is_default_site=True).root_page.specific
    if not isinstance(home, HomePage):
        raise RuntimeError("The default site's root page is not a HomePage.")
    catalogue = data["catalogue"]
    index = _upsert(
        home,
        CourseIndexPage,
        catalogue["slug"],
        title=catalogue["title"],
        introduction=catalogue["introduction"],
    )
    by_slug = {spec["slug"]: spec for _, spec in data["courses"]}
    courses = []
    for slug in catalogue["courses"]:
        course = load_course(index, by_slug[slug], objectives, bank)
        assign_teaching_staff(course, by_slug[slug].get("teaching_staff", []))
        courses.append(course)
    return courses


def load(stdout) -> None:
    data = read_data()
    demo_files.require(validate(data))
    objectives = demo_curriculum.load_curriculum(data["curriculum"])
    bank = demo_curriculum.load_questions(data["questions"])
    courses = load_courses(data, objectives, bank)
    stdout.write(
        f"Courses: {Domain.objects.count()} curriculum domains, {len(bank)} demo questions, "
        f"{len(courses)} demo courses."
    )
