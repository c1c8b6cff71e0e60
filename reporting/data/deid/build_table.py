"""Build ``annex_e.json``: the PS3.15 Annex E attribute table the de-identification reads.

Not run by the site or the tests: the JSON it writes is committed. Run it in a throwaway
virtualenv when the standard changes::

    python -m venv /tmp/annex && /tmp/annex/bin/pip install dicom-anonymizer idiscore highdicom
    /tmp/annex/bin/python reporting/data/deid/build_table.py > reporting/data/deid/annex_e.json

Sources, all carrying data taken from the standard itself:
- Basic Profile action per attribute (Table E.1-1): dicom-anonymizer's newest database
  (``dicomfields_2026c``, BSD licence), completed by idiscore's scrape for the entries it
  lacks (repeating groups, private attributes).
- The option columns (Retain Safe Private, Retain UIDs, Retain Device Identity, ...,
  Clean Descriptors, Clean Structured Content): idiscore's scrape of Table E.1-1.
- The Type (1, 1C, 2, 2C, 3) of each such attribute in the SR IODs, by its sequence path:
  highdicom's tables of PS3.3 modules.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import pkgutil
import sys
from pathlib import Path

from pydicom.datadict import keyword_for_tag

CATEGORIES = {
    "D_TAGS": "D",
    "Z_TAGS": "Z",
    "X_TAGS": "X",
    "U_TAGS": "U",
    "Z_D_TAGS": "Z/D",
    "X_Z_TAGS": "X/Z",
    "X_D_TAGS": "X/D",
    "X_Z_D_TAGS": "X/Z/D",
    "X_Z_U_STAR_TAGS": "X/Z/U*",
}
OPTION_SETS = [
    "retain_safe_private",
    "retain_uid",
    "retain_device_id",
    "retain_institution_id",
    "retain_patient_characteristics",
    "retain_full_dates",
    "retain_modified_dates",
    "clean_descriptors",
    "clean_structured_content",
    "clean_graphics",
]
TYPE_STRENGTH = {"1": 5, "1C": 4, "2": 3, "2C": 2, "3": 1}
ACTION_CODES = {
    "DUMMY": "D",
    "EMPTY": "Z",
    "REMOVE": "X",
    "KEEP": "K",
    "CLEAN": "C",
    "UID": "U",
    "EMPTY_OR_DUMMY": "Z/D",
    "REMOVE_OR_EMPTY": "X/Z",
    "REPLACE_OR_DUMMY": "X/Z",
    "REMOVE_OR_DUMMY": "X/D",
    "REMOVE_OR_EMPTY_OR_DUMMY": "X/Z/D",
    "REMOVE_OR_EMPTY_OR_UID": "X/Z/U*",
}


def idiscore_rule_sets() -> dict[str, dict]:
    """idiscore's scraped rule sets, read from its source (importing it needs pydicom 2)."""
    spec = importlib.util.find_spec("idiscore")
    source = Path(spec.submodule_search_locations[0], "_public_dicom.py").read_text()
    sets: dict[str, dict] = {}
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
            continue
        call = {kw.arg: kw.value for kw in node.value.keywords}
        rules = []
        for pair in call["rules"].elts:
            identifier, action = pair.elts
            kind = identifier.func.id
            key = "private" if kind == "PrivateTags" else identifier.args[0].value.lower()
            rules.append((key, ACTION_CODES[action.attr]))
        sets[node.targets[0].id] = {
            "name": call["name"].value,
            "code": call["code"].value,
            "rules": rules,
        }
    return sets


def basic_profile(nema: dict[str, dict]) -> dict[str, dict]:
    from dicomanonymizer.dicom_anonymization_databases import dicomfields_2026c as db

    rows: dict[str, dict] = {}
    for category, code in CATEGORIES.items():
        for entry in getattr(db, category):
            group, element = entry[:2]
            tag = f"{group:04x}{element:04x}"
            keyword = keyword_for_tag((group << 16) | element)
            if len(entry) == 4:  # a repeating group: (group, element, group mask, element mask)
                mask = f"{entry[2]:04x}{entry[3]:04x}"
                tag = "".join(t if m == "f" else "x" for t, m in zip(tag, mask, strict=True))
                keyword = ""
            rows[tag] = {"tag": tag.upper(), "keyword": keyword, "basic": code}
    for key, code in nema["basic_profile"]["rules"]:
        if key in rows:
            continue
        row = {"tag": key.upper(), "keyword": "", "basic": code}
        if len(key) == 8 and "x" not in key:
            row["keyword"] = keyword_for_tag(int(key, 16))
        rows[key] = row
    return rows


def options(rows: dict[str, dict], nema: dict[str, dict]) -> dict[str, str]:
    names = {}
    for attribute in OPTION_SETS:
        rule_set = nema[attribute]
        names[rule_set["code"]] = rule_set["name"]
        for key, code in rule_set["rules"]:
            if key in rows:
                rows[key].setdefault("options", {})[rule_set["code"]] = code
    return names


def sr_types(keywords: set[str]) -> dict[str, str]:
    def load(name: str):
        return json.loads(pkgutil.get_data("highdicom", f"_standard/{name}.json"))

    sop_iod, iod_modules, module_attributes = (
        load("sop_class_iod_map"),
        load("iod_module_map"),
        load("module_attribute_map"),
    )
    iods = {iod for uid, iod in sop_iod.items() if uid.startswith("1.2.840.10008.5.1.4.1.1.88.")}
    types: dict[str, str] = {}
    for iod in sorted(iods):
        for module in iod_modules[iod]:
            for attribute in module_attributes[module["key"]]:
                if attribute["keyword"] not in keywords:
                    continue
                path = ">".join([*attribute["path"][-1:], attribute["keyword"]])
                old = types.get(path)
                if old is None or TYPE_STRENGTH[attribute["type"]] > TYPE_STRENGTH[old]:
                    types[path] = attribute["type"]
    return dict(sorted(types.items()))


# Entries neither scrape carries, each with the reason it is here.
SUPPLEMENT = [
    (
        "00080051",
        "X",
        "Issuer of Accession Number Sequence: X in Table E.1-1, missing from both scrapes",
    ),
    ("00020016", "X", "File meta (PS3.10 7.1): the sending site's AE title"),
    ("00020017", "X", "File meta (PS3.10 7.1): the sending AE title"),
    ("00020018", "X", "File meta (PS3.10 7.1): the receiving AE title"),
    ("00020026", "X", "File meta (PS3.10 7.1): the source's network address"),
    ("00020027", "X", "File meta (PS3.10 7.1): the sender's network address"),
    ("00020028", "X", "File meta (PS3.10 7.1): the receiver's network address"),
    ("00020100", "X", "File meta (PS3.10 7.1): the creator of the private information"),
    ("00020102", "X", "File meta (PS3.10 7.1): private information of any kind"),
]


def supplement(rows: dict[str, dict]) -> None:
    for tag, code, why in SUPPLEMENT:
        if tag not in rows:
            keyword = keyword_for_tag(int(tag, 16))
            rows[tag] = {"tag": tag.upper(), "keyword": keyword, "basic": code, "note": why}


def main() -> None:
    nema = idiscore_rule_sets()
    rows = basic_profile(nema)
    names = options(rows, nema)
    supplement(rows)
    table = {
        "about": (
            "DICOM PS3.15 Annex E, Table E.1-1 (Basic Application Level Confidentiality "
            "Profile and its options) with the Type of each attribute in the SR IODs. "
            "Generated by build_table.py; edit the generator, not this file."
        ),
        "options": dict(sorted(names.items())),
        "attributes": sorted(rows.values(), key=lambda row: row["tag"]),
        "sr_types": sr_types({row["keyword"] for row in rows.values() if row["keyword"]}),
    }
    json.dump(table, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
