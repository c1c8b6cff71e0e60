"""Demo curriculum and question bank, from `demo_data/curriculum.json` and
`demo_data/questions.json` (the ten CIIP-style domains adapted to Europe; original
questions with explanations, each keyed by a short slug)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from content import demo_files
from courses.models import (
    Choice,
    Difficulty,
    Domain,
    EsrLevel,
    LearningObjective,
    ObjectiveKind,
    Question,
    QuestionType,
    Topic,
)

DATA = Path(__file__).resolve().parent / "demo_data"
CURRICULUM = DATA / "curriculum.json"
QUESTIONS = DATA / "questions.json"

CURRICULUM_SHAPE = {
    "domains": [
        {
            "letter": str,
            "name": str,
            "weight": int,
            "description": str,
            "european_note": str,
            "topics": [
                {
                    "title": str,
                    "esr_level": tuple(EsrLevel.values),
                    "objectives": [{"kind": tuple(ObjectiveKind.values), "text": str}],
                }
            ],
        }
    ]
}
QUESTIONS_SHAPE = {
    "questions": [
        {
            "slug": str,
            "domain": str,
            "difficulty": tuple(Difficulty.values),
            "type": tuple(QuestionType.values),
            "stem": str,
            "explanation": str,
            "choices": [{"text": str, "correct": bool}],
        }
    ]
}


def validate_curriculum(data: dict[str, Any]) -> list[str]:
    where = CURRICULUM.name
    found = demo_files.problems(data, CURRICULUM_SHAPE, where)
    if found:
        return found
    letters = [domain["letter"] for domain in data["domains"]]
    if len(set(letters)) != len(letters):
        found.append(f"{where}: a domain letter appears twice")
    total = sum(domain["weight"] for domain in data["domains"])
    if total != 100:
        found.append(f"{where}: the domain weights add up to {total}, not 100")
    texts = [o["text"] for d in data["domains"] for t in d["topics"] for o in t["objectives"]]
    found += [f"{where}: objective '{t}' appears twice" for t in set(texts) if texts.count(t) > 1]
    return found


def validate_questions(data: dict[str, Any], *, letters: set[str]) -> list[str]:
    """Shape, known domains, unique slugs, and the number of right answers each type allows:
    exactly one for a single-answer question; for a multiple-answer question at least two,
    and at least one wrong choice (else ticking everything scores)."""
    where = QUESTIONS.name
    found = demo_files.problems(data, QUESTIONS_SHAPE, where)
    if found:
        return found
    slugs = [q["slug"] for q in data["questions"]]
    found += [f"{where}: slug '{s}' appears twice" for s in set(slugs) if slugs.count(s) > 1]
    for q in data["questions"]:
        at = f"{where}: question '{q['slug']}'"
        right = sum(c["correct"] for c in q["choices"])
        if q["domain"] not in letters:
            found.append(f"{at}: domain '{q['domain']}' is not in the curriculum")
        if len(q["choices"]) < 2:
            found.append(f"{at}: needs at least two choices")
        if q["type"] == QuestionType.SINGLE and right != 1:
            found.append(f"{at}: a single-answer question needs exactly one correct choice")
        if q["type"] == QuestionType.MULTIPLE and not 2 <= right < len(q["choices"]):
            found.append(
                f"{at}: a multiple-answer question needs two or more correct choices "
                "and at least one wrong one"
            )
    return found


def load_curriculum(data: dict[str, Any]) -> dict[str, LearningObjective]:
    """Domains, topics and objectives; returns the objectives by their text."""
    objectives: dict[str, LearningObjective] = {}
    for spec in data["domains"]:
        domain, _ = Domain.objects.update_or_create(
            letter=spec["letter"],
            defaults={
                "name": spec["name"],
                "weight": spec["weight"],
                "description": spec["description"],
                "european_note": spec["european_note"],
            },
        )
        for t_order, topic_spec in enumerate(spec["topics"]):
            topic, _ = Topic.objects.update_or_create(
                domain=domain,
                title=topic_spec["title"],
                defaults={"esr_level": topic_spec["esr_level"], "sort_order": t_order},
            )
            for o_order, item in enumerate(topic_spec["objectives"]):
                objective, _ = LearningObjective.objects.update_or_create(
                    topic=topic,
                    text=item["text"],
                    defaults={"kind": item["kind"], "sort_order": o_order},
                )
                objectives[item["text"]] = objective
    return objectives


def load_questions(data: dict[str, Any]) -> dict[str, Question]:
    """The bank's questions (found again by their stem); returns them by slug."""
    domains = {d.letter: d for d in Domain.objects.all()}
    bank: dict[str, Question] = {}
    for spec in data["questions"]:
        question, _ = Question.objects.update_or_create(
            stem=spec["stem"],
            defaults={
                "domain": domains[spec["domain"]],
                "difficulty": spec["difficulty"],
                "type": spec["type"],
                "explanation": spec["explanation"],
                "is_demo": True,
            },
        )
        choices = [(c["text"], c["correct"]) for c in spec["choices"]]
        existing = [(c.text, c.is_correct) for c in question.choices.order_by("sort_order")]
        if existing != choices:
            question.choices.all().delete()
            Choice.objects.bulk_create(
                Choice(question=question, sort_order=i, text=text, is_correct=ok)
                for i, (text, ok) in enumerate(choices)
            )
        bank[spec["slug"]] = question
    return bank


def question_bank() -> dict[str, dict[str, Any]]:
    """The demo questions as written in the data file, by slug."""
    return {q["slug"]: q for q in demo_files.read(QUESTIONS)["questions"]}
