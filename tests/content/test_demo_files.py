"""The demo's data files: every one is read by a loader and has its shape, and a file an
editor got wrong is refused with a message naming the file and the place, before the load
writes anything."""

from __future__ import annotations

import copy
import importlib
import io
from pathlib import Path

import pytest

from content import demo_files
from content.management.commands.load_demo import DEMO_MODULES
from courses import demo as courses_demo
from courses.models import Domain, Question

REPO = Path(__file__).resolve().parents[2]


def loaders():
    return [importlib.import_module(name) for name in DEMO_MODULES]


def data_of(module):
    """What the loader reads, in the form its `validate` takes."""
    if hasattr(module, "read_data"):
        return module.read_data()
    (path,) = module.data_files()
    return demo_files.read(path)


def test_every_data_file_in_the_repository_is_read_by_a_loader():
    on_disk = {p for p in REPO.glob("**/demo_data/**/*.json") if ".venv" not in p.parts}
    read = {path for module in loaders() for path in module.data_files()}
    assert on_disk, "no demo data files found"
    assert on_disk == read


@pytest.mark.parametrize("name", DEMO_MODULES)
def test_every_data_file_validates(name):
    module = importlib.import_module(name)
    assert module.validate(data_of(module)) == []


@pytest.fixture
def course_data():
    return courses_demo.read_data()


def lesson(data, slug: str) -> dict:
    for _, course in data["courses"]:
        for module in course["modules"]:
            for item in module["lessons"]:
                if item["slug"] == slug:
                    return item
    raise AssertionError(slug)


def question(data, slug: str) -> dict:
    return next(q for q in data["questions"]["questions"] if q["slug"] == slug)


def test_a_single_answer_question_with_two_keys_is_refused(course_data):
    question(course_data, "mrrt-format")["choices"][1]["correct"] = True

    assert courses_demo.validate(course_data) == [
        "questions.json: question 'mrrt-format': a single-answer question needs exactly one "
        "correct choice"
    ]


def test_a_multiple_answer_question_must_have_two_keys_and_a_wrong_choice(course_data):
    for choice in question(course_data, "sr-valuetypes")["choices"]:
        choice["correct"] = True
    carotid = question(course_data, "carotid-primary")
    for choice in carotid["choices"]:
        choice["correct"] = False
    carotid["choices"][0]["correct"] = True

    found = courses_demo.validate(course_data)

    assert len(found) == 2
    assert all("needs two or more correct choices and at least one wrong one" in p for p in found)
    assert "'sr-valuetypes'" in found[0] and "'carotid-primary'" in found[1]


def test_curriculum_weights_that_do_not_add_up_to_100_are_refused(course_data):
    course_data["curriculum"]["domains"][0]["weight"] += 1

    assert courses_demo.validate(course_data) == [
        "curriculum.json: the domain weights add up to 101, not 100"
    ]


def test_missing_and_unknown_keys_and_wrong_values_name_their_place(course_data):
    first = course_data["courses"][0][1]
    del first["audience"]
    first["modules"][0]["lessons"][0]["completion_rule"] = "watched"
    first["modules"][0]["colour"] = "blue"

    found = courses_demo.validate(course_data)

    name = course_data["courses"][0][0].name
    assert found == [
        f"courses/{name}: 'audience' is missing",
        f"courses/{name}.modules[0].lessons[0].completion_rule: 'watched' is not one of "
        "['read', 'quiz', 'video', 'exercise']",
        f"courses/{name}.modules[0]: unknown key 'colour'",
    ]


def test_lessons_may_cite_only_the_bank_the_curriculum_and_real_files(course_data):
    quiz_lesson = lesson(course_data, "mrrt-radlex-radelement")
    quiz_lesson["body"][1]["questions"].append("no-such-question")
    quiz_lesson["objectives"].append("Juggle three PACS at once.")
    video_lesson = lesson(course_data, "why-structured-reporting")
    video = next(b for b in video_lesson["body"] if b["type"] == "video")
    video["video"]["file"] = "missing.webm"
    video["captions"]["cues"][0]["end"] = "00:00:00.000"

    found = "\n".join(courses_demo.validate(course_data))

    assert "no question 'no-such-question' in the bank" in found
    assert "objective not in the curriculum: Juggle three PACS at once." in found
    assert "no video file media/missing.webm" in found
    assert ".captions.cues[0]: ends before it starts" in found


def test_a_rule_without_its_block_is_refused(course_data):
    quiz_lesson = lesson(course_data, "mrrt-radlex-radelement")
    quiz_lesson["body"] = [b for b in quiz_lesson["body"] if b["type"] != "quiz"]

    assert any("the rule 'quiz' needs a quiz" in p for p in courses_demo.validate(course_data))


def test_a_course_file_not_in_the_catalogue_is_refused(course_data):
    course_data["catalogue"]["courses"].pop()

    (found,) = courses_demo.validate(course_data)
    assert found.startswith("catalogue.json: lists ")


@pytest.mark.django_db
def test_a_broken_file_stops_the_load_before_anything_is_written(monkeypatch):
    broken = courses_demo.read_data()
    question(broken, "ehds")["difficulty"] = "impossible"
    monkeypatch.setattr(courses_demo, "read_data", lambda: copy.deepcopy(broken))

    with pytest.raises(demo_files.DemoDataError) as error:
        courses_demo.load(io.StringIO())

    assert "questions.json.questions[" in str(error.value)
    assert "'impossible' is not one of ['easy', 'medium', 'hard']" in str(error.value)
    assert not Domain.objects.exists() and not Question.objects.exists()


def test_paragraphs_become_html_and_html_blocks_stay_as_written():
    assert demo_files.html(["<strong>Bold</strong> start", "<ul><li>a</li></ul>", "x"]) == (
        "<p><strong>Bold</strong> start</p><ul><li>a</li></ul><p>x</p>"
    )


def test_society_figures_must_be_amounts_and_a_proof_must_be_a_file():
    from members.society import demo as society_demo

    data = demo_files.read(society_demo.SOCIETY)
    data["fees"][0]["amount"] = "twelve"
    data["applicants"][1]["proof"] = "lost-letter.pdf"

    assert society_demo.validate(data) == [
        "society.json: 'twelve' is not an amount in euro",
        "society.json: no proof file lost-letter.pdf",
    ]
