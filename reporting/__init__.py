"""The structured-reporting engine: MRRT templates, DICOM-SR cases, rules, grading, export.

Plain Python with no Django imports, so that it is fast, testable on its own and usable
from the command line (``python -m reporting --help``).
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
