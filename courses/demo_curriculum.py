# ruff: noqa: E501  (demo text is data; long lines read better unbroken)
"""Demo curriculum: the ten CIIP-style domains (weights from the 2018 outline), adapted
to Europe. Original wording; weights are data an instructor can edit.

The published 2018 shares are rounded and add up to 101%; the demo takes one point off
domain J (13 -> 12) so that its weights add up to 100."""

# (letter, name, weight, description, european note, [(topic, level, [(kind, text)])])
DOMAINS = [
    (
        "A",
        "Procurement",
        5,
        "Buying imaging systems: needs analysis, requests for information and proposals, "
        "contracts and acceptance.",
        "EU public procurement (Directive 2014/24/EU) governs tenders of public hospitals; "
        "tender documents should require EU MDR conformity, GDPR data processing agreements "
        "and IEC 80001-1 risk-management cooperation from vendors.",
        [
            (
                "Requests for information and proposals",
                "II",
                [
                    (
                        "knowledge",
                        "Distinguish a request for information (RFI) from a request for proposal (RFP) and state when each is used.",
                    ),
                    ("skill", "Write weighted evaluation criteria for a PACS tender."),
                ],
            ),
            (
                "Contracts, acceptance and data protection clauses",
                "III",
                [
                    (
                        "knowledge",
                        "List the clauses a GDPR Art. 28 data processing agreement with an imaging vendor must contain.",
                    ),
                    (
                        "competence",
                        "Lead an acceptance test that checks a delivered system against the tender requirements.",
                    ),
                ],
            ),
        ],
    ),
    (
        "B",
        "Project management",
        5,
        "Planning and steering informatics projects: scope, schedule, risk and stakeholders.",
        "Projects that change connected medical devices fall under IEC 80001-1 risk "
        "management; projects that process health data at scale need a DPIA (GDPR Art. 35).",
        [
            (
                "Scheduling: critical path, Gantt and PERT",
                "II",
                [
                    (
                        "knowledge",
                        "Explain the critical path and why a delay on it delays the whole project.",
                    ),
                    (
                        "skill",
                        "Compute a PERT estimate from optimistic, most likely and pessimistic durations.",
                    ),
                ],
            ),
            (
                "Risk and change",
                "II",
                [
                    (
                        "competence",
                        "Run a go-live readiness review with a rollback plan for a PACS migration.",
                    ),
                ],
            ),
        ],
    ),
    (
        "C",
        "Operations",
        10,
        "Running the imaging service day to day: workflow, downtime, service levels.",
        "NIS2 (Directive 2022/2555) makes many hospitals essential entities with incident "
        "reporting duties; downtime procedures are part of that resilience.",
        [
            (
                "Scheduled workflow and worklists",
                "I",
                [
                    (
                        "knowledge",
                        "Describe the IHE Scheduled Workflow profile: order, modality worklist, MPPS, storage and storage commitment.",
                    ),
                    (
                        "skill",
                        "Trace a study that is missing from PACS back through the worklist and MPPS messages.",
                    ),
                ],
            ),
            (
                "Downtime and business continuity",
                "II",
                [
                    (
                        "competence",
                        "Write and rehearse a downtime procedure for RIS and PACS outages.",
                    ),
                    ("knowledge", "State which incidents must be reported under NIS2 and to whom."),
                ],
            ),
        ],
    ),
    (
        "D",
        "Communications",
        8,
        "Communicating results and changes: critical results, stakeholders, documentation.",
        "Reports and images are priority categories of the European Health Data Space "
        "(Regulation 2025/327); patients gain access rights to them.",
        [
            (
                "Communicating results",
                "I",
                [
                    (
                        "knowledge",
                        "Describe a closed-loop process for communicating critical findings.",
                    ),
                    (
                        "skill",
                        "Write a structured report impression a referring physician can act on.",
                    ),
                ],
            ),
            (
                "Patient access under the EHDS",
                "II",
                [
                    (
                        "knowledge",
                        "Explain what the EHDS requires for patient access to imaging reports and images.",
                    ),
                ],
            ),
        ],
    ),
    (
        "E",
        "Training and education",
        5,
        "Teaching users of imaging systems: needs analysis, course design, evaluation.",
        "Accredited e-learning follows the EACCME rules (UEMS 2016/21): 1 ECMEC per hour and "
        "credit only after the learner's evaluation.",
        [
            (
                "Instructional design with ADDIE",
                "II",
                [
                    ("knowledge", "Name the five phases of ADDIE and what each produces."),
                    (
                        "skill",
                        "Write measurable learning objectives as knowledge, skills and competences.",
                    ),
                ],
            ),
            (
                "Accredited e-learning in Europe",
                "II",
                [
                    (
                        "knowledge",
                        "State how EACCME credits e-learning and what a certificate must show.",
                    ),
                ],
            ),
        ],
    ),
    (
        "F",
        "Image management",
        18,
        "Acquiring, storing, finding, exchanging and displaying images: DICOM, PACS, VNA, "
        "structured reporting.",
        "Pseudonymised images are still personal data (GDPR Recital 26); de-identification "
        "follows DICOM PS3.15 Annex E. Display calibration follows PS3.14 GSDF.",
        [
            (
                "DICOM services and DICOMweb",
                "II",
                [
                    ("knowledge", "Match C-STORE, C-FIND, C-MOVE and C-GET to what each does."),
                    (
                        "knowledge",
                        "Map QIDO-RS, WADO-RS and STOW-RS to search, retrieve and store.",
                    ),
                    (
                        "skill",
                        "Query a DICOMweb server for a patient's studies and retrieve one series.",
                    ),
                ],
            ),
            (
                "Structured reporting",
                "III",
                [
                    (
                        "knowledge",
                        "Describe the content tree of a DICOM SR: items, value types and relationships.",
                    ),
                    (
                        "knowledge",
                        "Explain how IHE MRRT templates and RadElement CDEs support structured reporting.",
                    ),
                    (
                        "skill",
                        "Read the measurements of a TID 1500 or TID 5100 report and transfer them to a template.",
                    ),
                ],
            ),
            (
                "De-identification and display",
                "II",
                [
                    ("skill", "Choose the PS3.15 de-identification options for a research export."),
                    ("knowledge", "Explain why diagnostic displays are calibrated to the GSDF."),
                ],
            ),
        ],
    ),
    (
        "G",
        "Information technology",
        14,
        "Networks, servers, storage, security and interoperability standards.",
        "NIS2 sets cybersecurity risk-management duties; GDPR Art. 33 requires breach "
        "notification to the authority within 72 hours.",
        [
            (
                "Interoperability: HL7 v2 and FHIR",
                "II",
                [
                    (
                        "knowledge",
                        "Name the HL7 v2 messages for admissions, orders and results (ADT, ORM/OMI, ORU) and their key segments.",
                    ),
                    ("knowledge", "Describe the FHIR ImagingStudy and DiagnosticReport resources."),
                ],
            ),
            (
                "Security",
                "II",
                [
                    (
                        "competence",
                        "Respond to a suspected data breach within the GDPR 72-hour window.",
                    ),
                    (
                        "skill",
                        "Segment a modality network and restrict DICOM associations by AE title and address.",
                    ),
                ],
            ),
        ],
    ),
    (
        "H",
        "Systems management",
        12,
        "Keeping imaging systems healthy: monitoring, upgrades, capacity and lifecycle.",
        "Changes to networked medical devices are assessed under IEC 80001-1 with the "
        "device manufacturers.",
        [
            (
                "Monitoring and capacity",
                "II",
                [
                    (
                        "skill",
                        "Estimate the yearly storage growth of an imaging archive from study volumes.",
                    ),
                    (
                        "knowledge",
                        "List the signals that show a PACS is heading for a performance problem.",
                    ),
                ],
            ),
            (
                "Upgrades and migrations",
                "III",
                [
                    (
                        "competence",
                        "Plan a data migration from a legacy PACS to a VNA with validation of every study.",
                    ),
                ],
            ),
        ],
    ),
    (
        "I",
        "Clinical engineering",
        11,
        "Medical devices in imaging: modalities, dose, quality assurance and regulation.",
        "EU MDR 2017/745 Rule 11 makes diagnostic decision-support software at least class "
        "IIa; dose records use IHE REM and the radiation dose SR (RDSR).",
        [
            (
                "Medical device regulation",
                "II",
                [
                    ("knowledge", "Classify imaging software under EU MDR Rule 11."),
                    (
                        "knowledge",
                        "Explain when an AI medical device is high-risk under the AI Act (2024/1689).",
                    ),
                ],
            ),
            (
                "Dose monitoring",
                "II",
                [
                    (
                        "skill",
                        "Collect radiation dose structured reports with IHE REM into a dose registry.",
                    ),
                ],
            ),
        ],
    ),
    (
        "J",
        "Medical imaging informatics",
        12,
        "The discipline itself: AI in imaging, terminologies, analytics and research data.",
        "The AI Act adds duties for providers and deployers of high-risk AI; the EHDS "
        "regulates secondary use of health data for research.",
        [
            (
                "AI validation and monitoring",
                "III",
                [
                    (
                        "competence",
                        "Design a local validation and monitoring plan for an AI tool before and after go-live.",
                    ),
                    (
                        "knowledge",
                        "Describe the IHE AI Workflow for Imaging (AIW-I) and AI Results (AIR) profiles.",
                    ),
                ],
            ),
            (
                "Terminologies",
                "II",
                [
                    (
                        "knowledge",
                        "Explain the roles of RadLex, LOINC and SNOMED CT in imaging reports.",
                    ),
                ],
            ),
            (
                "Research data and the EHDS",
                "III",
                [
                    ("knowledge", "Describe how the EHDS regulates secondary use of imaging data."),
                ],
            ),
        ],
    ),
]
