# ruff: noqa: E501  (demo text is data; long lines read better unbroken)
"""Demo question bank: original questions with explanations, keyed by a short slug."""

# slug: (domain, difficulty, type, stem, explanation, [(choice, correct)])
QUESTIONS = {
    "mrrt-format": (
        "F",
        "easy",
        "single",
        "In what format is an IHE MRRT report template written?",
        "An MRRT template is a single HTML5 document; its coding and metadata sit in a "
        "template_attributes block inside a script element of type text/xml.",
        [
            ("One HTML5 document", True),
            ("A DICOM SR object", False),
            ("An HL7 v2 ORU message", False),
            ("A FHIR Questionnaire", False),
        ],
    ),
    "mrrt-coded": (
        "F",
        "medium",
        "single",
        "How does an MRRT template link a field to a RadLex or LOINC term?",
        "The coded_content part of template_attributes holds entries whose origtxt names "
        "the id of a section or field, each with a term and code.",
        [
            ("A coded_content entry whose origtxt is the field's id", True),
            ("A CSS class on the field", False),
            ("The field's label text is looked up at run time", False),
            ("A DICOM private tag", False),
        ],
    ),
    "radelement": (
        "J",
        "easy",
        "single",
        "Since December 2022, what does RSNA point to instead of publishing new RadReport templates?",
        "RSNA stopped publishing new RadReport templates and points to RadElement common "
        "data elements (CDEs); MRRT stays the exchange format for templates.",
        [
            ("RadElement common data elements", True),
            ("HL7 CDA documents", False),
            ("DICOM Basic Text SR", False),
            ("Free-text dictation", False),
        ],
    ),
    "sr-valuetypes": (
        "F",
        "medium",
        "multiple",
        "Which of these are DICOM SR value types?",
        "CONTAINER, NUM and CODE are SR value types (others include TEXT, DATE, PNAME, "
        "UIDREF, IMAGE, SCOORD). CONTAINS is a relationship type, not a value type.",
        [("CONTAINER", True), ("NUM", True), ("CODE", True), ("CONTAINS", False)],
    ),
    "sr-relationship": (
        "F",
        "medium",
        "single",
        "In an SR content tree, which relationship type links a finding container to the items inside it?",
        "CONTAINS links a container to its children; HAS CONCEPT MOD modifies a concept; "
        "INFERRED FROM points to evidence.",
        [
            ("CONTAINS", True),
            ("HAS OBS CONTEXT", False),
            ("INFERRED FROM", False),
            ("SELECTED FROM", False),
        ],
    ),
    "tid1500": (
        "F",
        "medium",
        "single",
        "What is DICOM TID 1500?",
        "TID 1500 is the Measurement Report template, rooted at (126000, DCM, 'Imaging "
        "Measurement Report'), with measurement groups per finding.",
        [
            ("The Measurement Report template", True),
            ("The Vascular Ultrasound Report template", False),
            ("The Radiation Dose SR template", False),
            ("A Basic Text SR section list", False),
        ],
    ),
    "tid1500-laterality": (
        "F",
        "hard",
        "single",
        "In a TID 1500 measurement group, where is the laterality of a finding usually recorded?",
        "TID 1500 puts laterality as a modifier of the Finding Site code, not as an item "
        "next to the measurement; parsers that look beside the measurement miss it.",
        [
            ("As a modifier of the Finding Site", True),
            ("In the patient module", False),
            ("In the measurement's units code", False),
            ("In the series description", False),
        ],
    ),
    "tid5100": (
        "F",
        "medium",
        "single",
        "Which code identifies the root of a DICOM TID 5100 Vascular Ultrasound Report?",
        "TID 5100 is rooted at (125100, DCM, 'Vascular Ultrasound Procedure Report').",
        [
            ("125100 (DCM)", True),
            ("126000 (DCM)", False),
            ("59776-5 (LN)", False),
            ("11726-7 (LN)", False),
        ],
    ),
    "psv-code": (
        "F",
        "hard",
        "single",
        "Which LOINC code means peak systolic velocity in vascular ultrasound SR?",
        "Peak systolic velocity is 11726-7 (LN); end diastolic velocity is 11653-3 and the "
        "ICA/CCA velocity ratio 33868-1.",
        [("11726-7", True), ("11653-3", False), ("33868-1", False), ("12008-9", False)],
    ),
    "ucum": (
        "F",
        "easy",
        "single",
        "Which coding scheme supplies the units (for example cm/s) of a NUM item in DICOM SR?",
        "Measurement units in SR come from UCUM, for example cm/s, mm and '1' for ratios.",
        [("UCUM", True), ("SNOMED CT", False), ("RadLex", False), ("ICD-10", False)],
    ),
    "carotid-50-69": (
        "F",
        "medium",
        "single",
        "ICA peak systolic velocity 180 cm/s with visible plaque: which SRU consensus grade fits?",
        "In the SRU consensus (Grant 2003), an ICA PSV of 125-230 cm/s with visible plaque "
        "indicates a 50-69% stenosis; above 230 cm/s suggests 70% or more.",
        [
            ("50-69%", True),
            ("Less than 50%", False),
            ("70% or more", False),
            ("Total occlusion", False),
        ],
    ),
    "carotid-primary": (
        "F",
        "hard",
        "multiple",
        "In the SRU carotid consensus, which parameters are primary?",
        "ICA peak systolic velocity and the presence and extent of plaque are primary; the "
        "ICA/CCA PSV ratio and ICA end diastolic velocity are additional parameters.",
        [
            ("ICA peak systolic velocity", True),
            ("Plaque on grey-scale and colour Doppler", True),
            ("ICA/CCA PSV ratio", False),
            ("ICA end diastolic velocity", False),
        ],
    ),
    "basic-text-sr": (
        "F",
        "medium",
        "single",
        "Which template structures a DICOM Basic Text SR of a narrative report?",
        "TID 2000 (Basic Diagnostic Imaging Report) organises sections such as Finding "
        "and Impression with concepts from CID 7002.",
        [("TID 2000", True), ("TID 1500", False), ("TID 5100", False), ("TID 10011", False)],
    ),
    "fhir-report": (
        "G",
        "easy",
        "single",
        "Which FHIR resource carries a finished imaging report?",
        "DiagnosticReport holds the report and references Observations; ImagingStudy "
        "describes the study's series and instances.",
        [
            ("DiagnosticReport", True),
            ("ImagingStudy", False),
            ("Encounter", False),
            ("Patient", False),
        ],
    ),
    "hl7-oru": (
        "G",
        "easy",
        "single",
        "Which HL7 v2 message type usually carries a radiology result?",
        "ORU^R01 carries results, typically one OBX segment per observation or field, with "
        "a LOINC code in OBX-3.",
        [("ORU^R01", True), ("ADT^A01", False), ("ORM^O01", False), ("SIU^S12", False)],
    ),
    "gdpr-pseudonymised": (
        "J",
        "medium",
        "single",
        "Under the GDPR, what is pseudonymised imaging data?",
        "Recital 26: pseudonymised data that can be attributed to a person with additional "
        "information is still personal data; only anonymous data falls outside the GDPR.",
        [
            ("Still personal data", True),
            ("Anonymous data outside the GDPR", False),
            ("Personal data only if it contains the name", False),
            ("Exempt when used for research", False),
        ],
    ),
    "gdpr-breach": (
        "G",
        "easy",
        "single",
        "Within how many hours must a controller notify the supervisory authority of a personal data breach?",
        "GDPR Art. 33: without undue delay and, where feasible, within 72 hours of becoming aware of it.",
        [("72 hours", True), ("24 hours", False), ("7 days", False), ("30 days", False)],
    ),
    "gdpr-dpia": (
        "J",
        "medium",
        "single",
        "Which GDPR article requires a data protection impact assessment for high-risk processing?",
        "Article 35 requires a DPIA; large-scale processing of special categories such as "
        "health data (Art. 9) is a typical trigger.",
        [("Article 35", True), ("Article 9", False), ("Article 33", False), ("Article 28", False)],
    ),
    "mdr-rule11": (
        "I",
        "medium",
        "single",
        "Under EU MDR Rule 11, what is the lowest class for software that informs diagnostic decisions?",
        "Rule 11 places software intended to provide information used for diagnostic or "
        "therapeutic decisions in class IIa at least, higher if the risk is greater.",
        [
            ("Class IIa", True),
            ("Class I", False),
            ("Class III always", False),
            ("It is not a medical device", False),
        ],
    ),
    "ai-act": (
        "I",
        "medium",
        "single",
        "When is an AI-based medical device high-risk under the AI Act (2024/1689)?",
        "AI systems that are (safety components of) products needing third-party "
        "conformity assessment under the MDR, such as class IIa and higher, are high-risk.",
        [
            ("When it needs notified-body conformity assessment under the MDR", True),
            ("Only when it works without a radiologist", False),
            ("Never: medical AI is exempt", False),
            ("Only when trained on more than one million images", False),
        ],
    ),
    "ehds": (
        "D",
        "easy",
        "single",
        "Which categories does the European Health Data Space name as priority categories relevant to imaging?",
        "The EHDS (Regulation 2025/327) lists medical images and imaging reports among the "
        "priority categories of electronic health data.",
        [
            ("Medical images and imaging reports", True),
            ("Billing codes only", False),
            ("Staff rotas", False),
            ("Device serial numbers", False),
        ],
    ),
    "qido": (
        "F",
        "easy",
        "single",
        "Which DICOMweb service searches for studies?",
        "QIDO-RS searches (query); WADO-RS retrieves; STOW-RS stores; UPS-RS manages worklist items.",
        [("QIDO-RS", True), ("WADO-RS", False), ("STOW-RS", False), ("UPS-RS", False)],
    ),
    "stow": (
        "F",
        "easy",
        "single",
        "Which DICOMweb service stores new instances on a server?",
        "STOW-RS (Store Over the Web) stores instances; it is the web counterpart of C-STORE.",
        [("STOW-RS", True), ("QIDO-RS", False), ("WADO-URI", False), ("C-FIND", False)],
    ),
    "cmove": (
        "F",
        "medium",
        "single",
        "What does a DICOM C-MOVE request ask the archive to do?",
        "C-MOVE asks the archive to send matching instances to a named destination AE by "
        "C-STORE sub-operations; C-GET returns them on the same association.",
        [
            ("Send matching instances to a destination AE", True),
            ("Delete instances", False),
            ("Return only matching attributes", False),
            ("Confirm that it has stored instances safely", False),
        ],
    ),
    "storage-commit": (
        "C",
        "medium",
        "single",
        "What does storage commitment give a modality?",
        "Storage commitment confirms that the archive has taken responsibility for the "
        "instances, so the modality can safely delete its local copies.",
        [
            ("Confirmation that the archive took responsibility for the images", True),
            ("Faster transfer", False),
            ("Compression of the images", False),
            ("A worklist entry", False),
        ],
    ),
    "mpps": (
        "C",
        "medium",
        "single",
        "In the IHE Scheduled Workflow profile, what does MPPS report?",
        "Modality Performed Procedure Step tells RIS and PACS that a procedure started, "
        "completed or was discontinued, and what was actually done.",
        [
            ("What the modality actually performed, and its status", True),
            ("The patient's allergies", False),
            ("The report text", False),
            ("The display calibration", False),
        ],
    ),
    "rfi-rfp": (
        "A",
        "easy",
        "single",
        "What is a request for information (RFI) used for in procurement?",
        "An RFI surveys the market and what vendors can offer; an RFP asks for binding "
        "proposals against defined requirements.",
        [
            ("To survey the market before writing requirements", True),
            ("To sign the contract", False),
            ("To accept the delivered system", False),
            ("To order spare parts", False),
        ],
    ),
    "critical-path": (
        "B",
        "easy",
        "single",
        "What happens if a task on the critical path is delayed by two days?",
        "Tasks on the critical path have no float: their delay delays the project end by "
        "the same amount unless the plan changes.",
        [
            ("The project end moves by two days", True),
            ("Nothing: the float absorbs it", False),
            ("Only the budget changes", False),
            ("The critical path disappears", False),
        ],
    ),
    "addie": (
        "E",
        "easy",
        "single",
        "Which phase of ADDIE produces the learning objectives and assessment plan?",
        "Analysis finds the needs; Design turns them into objectives, assessments and a "
        "structure; Development builds the material; then Implementation and Evaluation.",
        [
            ("Design", True),
            ("Development", False),
            ("Implementation", False),
            ("Evaluation", False),
        ],
    ),
    "eaccme": (
        "E",
        "medium",
        "single",
        "How many ECMEC does EACCME award for one hour of accredited e-learning?",
        "One ECMEC per hour (0.5 per 30 minutes), and only after the learner completes the "
        "evaluation; learners claim the hours actually spent.",
        [("1", True), ("0.5", False), ("2", False), ("3", False)],
    ),
    "iec80001": (
        "H",
        "medium",
        "single",
        "What does IEC 80001-1 address?",
        "IEC 80001-1 covers risk management of IT networks that incorporate medical devices, "
        "shared between the healthcare organisation and manufacturers.",
        [
            ("Risk management of IT networks with medical devices", True),
            ("Display calibration", False),
            ("Image compression", False),
            ("Radiation dose limits", False),
        ],
    ),
    "rdsr": (
        "I",
        "medium",
        "single",
        "Which IHE profile collects radiation dose structured reports?",
        "IHE Radiation Exposure Monitoring (REM) collects RDSR objects for dose registries.",
        [("REM", True), ("SWF", False), ("XDS-I.b", False), ("MRRT", False)],
    ),
}
