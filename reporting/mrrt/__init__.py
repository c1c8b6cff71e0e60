"""IHE MRRT report templates: typed model, lenient parser, validator.

>>> from reporting.mrrt import load_shipped_template, template_to_dict
>>> t = load_shipped_template("carotid-duplex")
>>> [f.id for f in t.iter_fields()][:2]
['clinical_info', 'right_cca_psv']
"""

from reporting.mrrt.model import (
    CodingScheme,
    CompletionAction,
    Field,
    FieldType,
    Metadata,
    Option,
    Section,
    Template,
    TemplateParseError,
)
from reporting.mrrt.parse import parse_template
from reporting.mrrt.problems import Problem
from reporting.mrrt.serialize import template_to_dict
from reporting.mrrt.shipped import (
    load_shipped_template,
    shipped_template_ids,
    shipped_template_path,
)
from reporting.mrrt.validate import validate_template
from reporting.mrrt.values import ReportValueError, check_values

__all__ = [
    "CodingScheme",
    "CompletionAction",
    "Field",
    "FieldType",
    "Metadata",
    "Option",
    "Problem",
    "ReportValueError",
    "Section",
    "Template",
    "TemplateParseError",
    "check_values",
    "load_shipped_template",
    "parse_template",
    "shipped_template_ids",
    "shipped_template_path",
    "template_to_dict",
    "validate_template",
]
