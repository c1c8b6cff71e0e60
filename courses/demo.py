# ruff: noqa: E501  (demo text is data; long lines read better unbroken)
"""Demo curriculum, question bank and courses (idempotent; pages flagged is_demo)."""

from __future__ import annotations

from decimal import Decimal

from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from content.models import HomePage
from courses.demo_curriculum import DOMAINS
from courses.demo_questions import QUESTIONS
from courses.models import (
    Choice,
    CourseIndexPage,
    CoursePage,
    Domain,
    LearningObjective,
    LessonPage,
    ModulePage,
    Question,
    Topic,
)

DEMO_NOTE = RichText(
    "<p>Demo course: written to show the Academy; it is not an accredited activity and "
    "the accreditation number is invented.</p>"
)


def load_curriculum() -> dict[str, LearningObjective]:
    objectives: dict[str, LearningObjective] = {}
    for letter, name, weight, description, note, topics in DOMAINS:
        domain, _ = Domain.objects.update_or_create(
            letter=letter,
            defaults={
                "name": name,
                "weight": weight,
                "description": description,
                "european_note": note,
            },
        )
        for t_order, (title, level, items) in enumerate(topics):
            topic, _ = Topic.objects.update_or_create(
                domain=domain, title=title, defaults={"esr_level": level, "sort_order": t_order}
            )
            for o_order, (kind, text) in enumerate(items):
                objective, _ = LearningObjective.objects.update_or_create(
                    topic=topic, text=text, defaults={"kind": kind, "sort_order": o_order}
                )
                objectives[text[:40]] = objective
    return objectives


def load_questions() -> dict[str, Question]:
    domains = {d.letter: d for d in Domain.objects.all()}
    bank: dict[str, Question] = {}
    for slug, (letter, difficulty, qtype, stem, explanation, choices) in QUESTIONS.items():
        question, _ = Question.objects.update_or_create(
            stem=stem,
            defaults={
                "domain": domains[letter],
                "difficulty": difficulty,
                "type": qtype,
                "explanation": explanation,
                "is_demo": True,
            },
        )
        existing = [(c.text, c.is_correct) for c in question.choices.order_by("sort_order")]
        if existing != list(choices):
            question.choices.all().delete()
            Choice.objects.bulk_create(
                Choice(question=question, sort_order=i, text=text, is_correct=ok)
                for i, (text, ok) in enumerate(choices)
            )
        bank[slug] = question
    return bank


def _objs(objectives: dict[str, LearningObjective], *prefixes: str) -> list[LearningObjective]:
    return [objectives[p[:40]] for p in prefixes if p[:40] in objectives]


def _upsert(parent: Page, model, slug: str, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    m2m = {k: fields.pop(k) for k in ("objectives", "prerequisites") if k in fields}
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


def _p(*paragraphs: str) -> RichText:
    return RichText("".join(f"<p>{p}</p>" if not p.startswith("<") else p for p in paragraphs))


def _quiz(bank, title, slugs, pass_mark=70):
    return ("quiz", {"title": title, "questions": [bank[s] for s in slugs], "pass_mark": pass_mark})


def load_courses(objectives, bank) -> list[CoursePage]:
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise RuntimeError("The default site's root page is not a HomePage.")
    index = _upsert(
        home,
        CourseIndexPage,
        "courses",
        title="Courses",
        introduction="Self-paced courses mapped to the curriculum. Each lesson counts towards "
        "your progress; finish a course and its evaluation to receive a certificate.",
    )
    sr = _upsert(
        index,
        CoursePage,
        "structured-reporting-dicom-sr",
        title="Structured reporting and DICOM SR essentials",
        summary="From MRRT templates and RadLex terms to DICOM SR measurement reports: how "
        "structured reports are built, coded and exchanged, with carotid ultrasound as the "
        "worked example.",
        audience="Radiology residents, radiographers and imaging informatics staff.",
        authors="Academy demo faculty",
        estimated_minutes=120,
        cme_credits=Decimal("2.0"),
        accreditation_number="DEMO-EACCME-0001 (invented)",
        objectives=_objs(
            objectives,
            "Describe the content tree of a DICOM SR: items, value types and relationships.",
            "Explain how IHE MRRT templates and RadElement CDEs support structured reporting.",
            "Read the measurements of a TID 1500 or TID 5100 report and transfer them to a template.",
            "Explain the roles of RadLex, LOINC and SNOMED CT in imaging reports.",
            "Write a structured report impression a referring physician can act on.",
            "Describe the FHIR ImagingStudy and DiagnosticReport resources.",
        ),
    )
    m1 = _upsert(
        sr,
        ModulePage,
        "templates-and-terms",
        title="Templates and terms",
        summary="Why structure, and how MRRT and RadLex provide it.",
    )
    m2 = _upsert(
        sr,
        ModulePage,
        "dicom-sr",
        title="DICOM Structured Reports",
        summary="The SR content tree, TID 1500 and TID 5100.",
    )
    m3 = _upsert(
        sr,
        ModulePage,
        "in-practice",
        title="In practice",
        summary="Grading carotid stenosis and sending the report on.",
    )
    _upsert(
        m1,
        LessonPage,
        "why-structured-reporting",
        title="Why structured reporting",
        summary="What structure adds to a narrative report.",
        estimated_minutes=15,
        completion_rule="read",
        body=[
            (
                "rich_text",
                _p(
                    "A narrative report is easy to dictate and hard to reuse. The same finding "
                    "can be written a dozen ways, measurements hide in prose and nothing tells a "
                    "computer which sentence is the impression.",
                    "A structured report keeps the radiologist's words but puts them in "
                    "predictable sections and fields: Clinical information, Comparison, "
                    "Procedure, Findings and Impression. Fields can carry codes and units, so a "
                    "measurement stays a number with a unit rather than text.",
                    "Structure pays off three times: referrers find the answer faster, "
                    "registries and research can reuse the data, and decision rules (such as a "
                    "stenosis grade from velocities) can be checked automatically.",
                ),
            ),
            (
                "callout",
                {
                    "tone": "tip",
                    "title": "Keep it readable",
                    "body": RichText(
                        "<p>Structure should serve the reader. A template "
                        "with forty mandatory fields for a normal study "
                        "will be bypassed.</p>"
                    ),
                },
            ),
            ("callout", {"tone": "info", "title": "Demo content", "body": DEMO_NOTE}),
        ],
        objectives=_objs(
            objectives, "Write a structured report impression a referring physician can act on."
        ),
    )
    _upsert(
        m1,
        LessonPage,
        "mrrt-radlex-radelement",
        title="MRRT templates, RadLex and RadElement",
        summary="How a template is written and how its fields get codes.",
        estimated_minutes=20,
        completion_rule="quiz",
        body=[
            (
                "rich_text",
                _p(
                    "The IHE Management of Radiology Report Templates (MRRT) profile writes a "
                    "report template as one HTML5 document. Its head carries Dublin Core "
                    "metadata (title, identifier, publisher, language, licence); a "
                    '<code>script type="text/xml"</code> element holds the '
                    "<code>template_attributes</code>: coding schemes, template-level terms and "
                    "the coded content.",
                    "The body holds sections (Findings, Impression...) and fields: inputs, "
                    "text areas and selection lists, with attributes for the field type, units "
                    "and limits. A <code>coded_content</code> entry links a field's id to a "
                    "term, for example a RadLex RID or a LOINC section code such as 59776-5 "
                    "for Findings.",
                    "Real templates are messy: older files hide the attributes in an HTML "
                    "comment or leave tags unclosed, so software must read them with an HTML "
                    "parser, not an XML one.",
                    "Since December 2022 RSNA no longer publishes new RadReport templates; it "
                    "points to RadElement common data elements (CDEs), reusable coded "
                    "questions with allowed answers. MRRT remains the exchange format.",
                ),
            ),
            _quiz(bank, "Check: templates and terms", ["mrrt-format", "mrrt-coded", "radelement"]),
        ],
        objectives=_objs(
            objectives,
            "Explain how IHE MRRT templates and RadElement CDEs support structured reporting.",
            "Explain the roles of RadLex, LOINC and SNOMED CT in imaging reports.",
        ),
    )
    _upsert(
        m2,
        LessonPage,
        "sr-content-tree",
        title="The DICOM SR content tree",
        summary="Content items, value types and relationships.",
        estimated_minutes=20,
        completion_rule="quiz",
        body=[
            (
                "rich_text",
                _p(
                    "A DICOM Structured Report is a tree of content items. Each item has a "
                    "concept name (a code: value, scheme, meaning), a value type and a "
                    "relationship to its parent.",
                    "Value types include CONTAINER, TEXT, CODE, NUM, DATE, TIME, PNAME, "
                    "UIDREF, IMAGE and the spatial SCOORD and SCOORD3D. Relationships include "
                    "CONTAINS, HAS CONCEPT MOD, HAS OBS CONTEXT, HAS PROPERTIES and INFERRED "
                    "FROM.",
                    "A NUM item keeps its number in the Measured Value Sequence together with "
                    "a UCUM unit code (cm/s, mm, or '1' for a ratio). Watch for real-world "
                    "pitfalls: an empty Measured Value Sequence means no value, and "
                    "by-reference items carry a Referenced Content Item Identifier instead of "
                    "a value type.",
                    "The SR storage classes differ in what they allow: Basic Text SR, Enhanced "
                    "SR, Comprehensive SR and Comprehensive 3D SR.",
                ),
            ),
            _quiz(bank, "Check: the content tree", ["sr-valuetypes", "sr-relationship", "ucum"]),
        ],
        objectives=_objs(
            objectives,
            "Describe the content tree of a DICOM SR: items, value types and relationships.",
        ),
    )
    _upsert(
        m2,
        LessonPage,
        "tid-1500-and-5100",
        title="Measurement reports: TID 1500 and TID 5100",
        summary="Two templates you will meet in practice.",
        estimated_minutes=20,
        completion_rule="quiz",
        body=[
            (
                "rich_text",
                _p(
                    "TID 1500, the Measurement Report, is rooted at (126000, DCM, 'Imaging "
                    "Measurement Report'). It groups measurements by finding: each group has a "
                    "tracking identifier, a finding type, finding sites and the measurements "
                    "themselves. Laterality is a modifier of the finding site, not a sibling "
                    "of the measurement, a detail that trips up many parsers.",
                    "TID 5100, the Vascular Ultrasound Report, is rooted at (125100, DCM). For "
                    "each side a Findings container (59776-5, LN) carries the finding site and "
                    "laterality (272741003, SCT) and holds vessel containers with NUM "
                    "measurements: peak systolic velocity 11726-7, end diastolic velocity "
                    "11653-3, ICA/CCA ratio 33868-1 (all LOINC). Vessels are SNOMED CT codes, "
                    "for example internal carotid artery 86117002.",
                    "Devices still emit retired SRT codes, so software should map old and new "
                    "codes for the same concept.",
                ),
            ),
            _quiz(
                bank,
                "Check: measurement templates",
                ["tid1500", "tid1500-laterality", "tid5100", "psv-code"],
            ),
        ],
        objectives=_objs(
            objectives,
            "Read the measurements of a TID 1500 or TID 5100 report and transfer them to a template.",
        ),
    )
    _upsert(
        m3,
        LessonPage,
        "carotid-grading",
        title="Carotid stenosis grading with coded measurements",
        summary="From the velocities in an SR to the SRU consensus grade.",
        estimated_minutes=20,
        completion_rule="quiz",
        body=[
            (
                "rich_text",
                _p(
                    "The Society of Radiologists in Ultrasound consensus (Grant et al., "
                    "Radiology 2003) grades internal carotid stenosis. ICA peak systolic "
                    "velocity and plaque are the primary parameters; the ICA/CCA PSV ratio and "
                    "ICA end diastolic velocity are additional.",
                    "<ul><li>Normal: PSV below 125 cm/s, no plaque.</li>"
                    "<li>Less than 50%: PSV below 125 cm/s with plaque or intimal thickening.</li>"
                    "<li>50-69%: PSV 125-230 cm/s, visible plaque; ratio 2.0-4.0; EDV 40-100 cm/s.</li>"
                    "<li>70% or more (short of near occlusion): PSV above 230 cm/s; ratio above "
                    "4.0; EDV above 100 cm/s.</li>"
                    "<li>Near occlusion: velocities may be high, low or undetectable; markedly "
                    "narrowed lumen.</li><li>Total occlusion: no detectable lumen or flow.</li></ul>",
                    "Because the velocities arrive as coded NUM items with units, software can "
                    "propose the grade and the radiologist confirms it: a derived field that "
                    "reduces transcription errors.",
                ),
            ),
            (
                "reporting_exercise",
                {
                    "title": "Report a carotid Doppler study",
                    "instructions": RichText(
                        "<p>Open the vascular ultrasound SR, transfer the "
                        "velocities into the carotid template and grade "
                        "each side.</p>"
                    ),
                    "exercise_page": None,
                },
            ),
            _quiz(bank, "Check: carotid grading", ["carotid-50-69", "carotid-primary"]),
        ],
        objectives=_objs(
            objectives,
            "Read the measurements of a TID 1500 or TID 5100 report and transfer them to a template.",
        ),
    )
    _upsert(
        m3,
        LessonPage,
        "exchange-formats",
        title="Sending the report on: exchange formats",
        summary="DICOM Basic Text SR, FHIR and HL7 v2.",
        estimated_minutes=15,
        completion_rule="quiz",
        body=[
            (
                "rich_text",
                _p(
                    "A finished report leaves the reporting system in one or more formats.",
                    "<ul><li><strong>DICOM Basic Text SR</strong> following TID 2000, with "
                    "section concepts from CID 7002 (Finding 121071, Impression 121073, "
                    "Recommendation 121075, Conclusion 121077), stored with the images.</li>"
                    "<li><strong>FHIR R4</strong>: a DiagnosticReport referencing Observations; "
                    "the HL7 dicom-sr implementation guide maps TID 1500 measurements to "
                    "imaging-measurement Observations.</li>"
                    "<li><strong>HL7 v2</strong>: an ORU^R01 message with one OBX segment per "
                    "field and a LOINC code in OBX-3.</li></ul>",
                    "Choose by the receiver: PACS and viewers read SR, modern EHRs read FHIR, "
                    "and many hospital systems still expect HL7 v2.",
                ),
            ),
            _quiz(bank, "Check: exchange formats", ["basic-text-sr", "fhir-report", "hl7-oru"]),
        ],
        objectives=_objs(
            objectives, "Describe the FHIR ImagingStudy and DiagnosticReport resources."
        ),
    )

    gdpr = _upsert(
        index,
        CoursePage,
        "gdpr-ai-act-imaging",
        title="GDPR and the AI Act for imaging departments",
        summary="What European data protection and AI law mean for the images and reports "
        "your department handles.",
        audience="Radiologists, department managers and informatics staff.",
        authors="Academy demo faculty",
        estimated_minutes=45,
        cme_credits=Decimal("0.5"),
        accreditation_number="DEMO-EACCME-0002 (invented)",
        objectives=_objs(
            objectives,
            "Respond to a suspected data breach within the GDPR 72-hour window.",
            "Explain when an AI medical device is high-risk under the AI Act (2024/1689).",
            "Classify imaging software under EU MDR Rule 11.",
            "Explain what the EHDS requires for patient access to imaging reports and images.",
        ),
    )
    gm = _upsert(gdpr, ModulePage, "law", title="The law in brief")
    _upsert(
        gm,
        LessonPage,
        "gdpr-health-data",
        title="Health data under the GDPR",
        estimated_minutes=15,
        completion_rule="read",
        body=[
            (
                "rich_text",
                _p(
                    "Health data is a special category of personal data (Art. 9): processing needs "
                    "a legal basis and an Art. 9 condition such as the provision of health care.",
                    "Pseudonymised images are still personal data (Recital 26): removing the name "
                    "while a key exists does not take the data outside the GDPR. De-identify with "
                    "DICOM PS3.15 Annex E, and remember burned-in text and SR free text.",
                    "A breach must be notified to the supervisory authority without undue delay "
                    "and, where feasible, within 72 hours (Art. 33). High-risk processing needs a "
                    "data protection impact assessment (Art. 35).",
                ),
            )
        ],
    )
    _upsert(
        gm,
        LessonPage,
        "mdr-ai-act",
        title="Software as a medical device and the AI Act",
        estimated_minutes=20,
        completion_rule="quiz",
        body=[
            (
                "rich_text",
                _p(
                    "Under EU MDR 2017/745 Rule 11, software that provides information used for "
                    "diagnostic or therapeutic decisions is at least class IIa.",
                    "The AI Act (Regulation 2024/1689) treats AI that is, or is a safety "
                    "component of, a product needing notified-body assessment under the MDR as "
                    "high-risk: providers need risk management, data governance, logging, "
                    "human oversight and post-market monitoring; deployers such as hospitals "
                    "must use it as instructed and monitor it.",
                    "The European Health Data Space (Regulation 2025/327) names medical images "
                    "and imaging reports as priority categories for patient access and exchange.",
                ),
            ),
            _quiz(
                bank,
                "Check: European law",
                ["gdpr-pseudonymised", "gdpr-breach", "mdr-rule11", "ai-act", "ehds"],
                60,
            ),
        ],
    )

    web = _upsert(
        index,
        CoursePage,
        "dicomweb-pacs-operations",
        title="DICOMweb and PACS operations",
        summary="The DICOM services behind every PACS and their web counterparts.",
        audience="PACS administrators and residents.",
        authors="Academy demo faculty",
        estimated_minutes=40,
        cme_credits=Decimal("0.5"),
        accreditation_number="DEMO-EACCME-0003 (invented)",
        objectives=_objs(
            objectives,
            "Match C-STORE, C-FIND, C-MOVE and C-GET to what each does.",
            "Map QIDO-RS, WADO-RS and STOW-RS to search, retrieve and store.",
            "Describe the IHE Scheduled Workflow profile: order, modality worklist, MPPS, storage and storage commitment.",
        ),
    )
    web.prerequisites.set([])
    web.save_revision().publish()
    wm = _upsert(web, ModulePage, "services", title="Services")
    _upsert(
        wm,
        LessonPage,
        "dimse-services",
        title="DIMSE: store, find, move, get",
        estimated_minutes=20,
        completion_rule="quiz",
        body=[
            (
                "rich_text",
                _p(
                    "Classic DICOM networking (PS3.4) uses DIMSE services over an association "
                    "between two application entities (AEs). C-STORE sends an instance; C-FIND "
                    "queries; C-MOVE asks the archive to send matching instances to a named AE; "
                    "C-GET returns them on the same association.",
                    "In the IHE Scheduled Workflow profile the modality fetches its worklist, "
                    "reports progress with MPPS, stores images with C-STORE and asks for "
                    "storage commitment before deleting local copies.",
                ),
            ),
            _quiz(bank, "Check: DIMSE and workflow", ["cmove", "storage-commit", "mpps"]),
        ],
    )
    _upsert(
        wm,
        LessonPage,
        "dicomweb",
        title="DICOMweb: QIDO-RS, WADO-RS, STOW-RS",
        estimated_minutes=20,
        completion_rule="quiz",
        body=[
            (
                "rich_text",
                _p(
                    "DICOMweb (PS3.18) offers the same operations over HTTP: QIDO-RS searches, "
                    "WADO-RS retrieves studies, series, instances, frames or rendered images, "
                    "STOW-RS stores, and UPS-RS manages worklist items.",
                    "Because it is plain HTTP with JSON metadata, DICOMweb suits web viewers "
                    "and cloud archives; secure it with TLS and token-based authorisation.",
                ),
            ),
            _quiz(bank, "Check: DICOMweb", ["qido", "stow"]),
        ],
    )
    return [sr, gdpr, web]


DEMO_INSTRUCTOR = "instructor@demo.academy.test"
TAUGHT_BY_DEMO_INSTRUCTOR = "structured-reporting-dicom-sr"


def assign_demo_instructor() -> None:
    """The demo instructor teaches the demo course (so the instructor view, gradebook and
    trainee histories show its learners); the other demo courses are taught by nobody
    but staff, which shows that an instructor sees only what they teach."""
    from members.models import User

    instructor = User.objects.filter(email=DEMO_INSTRUCTOR).first()
    course = CoursePage.objects.filter(slug=TAUGHT_BY_DEMO_INSTRUCTOR).first()
    if instructor is None or course is None:
        return
    if course.teaching_staff.filter(pk=instructor.pk).exists():
        return
    course.teaching_staff.add(instructor)
    course.save_revision().publish()


def load(stdout) -> None:
    objectives = load_curriculum()
    bank = load_questions()
    courses = load_courses(objectives, bank)
    assign_demo_instructor()
    stdout.write(
        f"Courses: {Domain.objects.count()} curriculum domains, {len(bank)} demo questions, "
        f"{len(courses)} demo courses."
    )
