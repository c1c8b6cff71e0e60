"""axe-core accessibility audits, run in the test browser from the local npm install.

axe-core comes from `node_modules/axe-core` (package.json; `make install` runs npm),
never from a CDN. It is evaluated through the DevTools protocol, so the site's strict
CSP (no inline script) stays on during the audit.
"""

import json
from pathlib import Path

from tests.support.services import missing

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}


def _axe_source() -> str:
    if not AXE_PATH.is_file():
        missing("axe-core is not installed (run `npm install` in the repository root)")
    return AXE_PATH.read_text()


def axe_violations(page, *, exclude: list[str] | None = None) -> list[dict]:
    """Serious and critical WCAG 2.x A/AA violations on the current page."""
    page.evaluate(_axe_source())
    context = {"exclude": [[selector] for selector in (exclude or [])]}
    result = page.evaluate(
        """async (context) => await axe.run(context.exclude.length ? context : document, {
               runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                'wcag22aa', 'best-practice']},
               resultTypes: ['violations']})""",
        context,
    )
    return [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]


def assert_accessible(page, **kwargs) -> None:
    violations = axe_violations(page, **kwargs)
    report = [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in violations
    ]
    assert not violations, f"{page.url}: " + json.dumps(report, indent=2)
