"""axe-core (from the npm registry, `make install`) run inside a Playwright page.

The script is handed to the page through the DevTools protocol, not as a <script> tag,
so the portal's Content-Security-Policy (no inline script) stays as it is in production.
"""

from pathlib import Path

from tests.conftest import need

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def axe_violations(page, impacts=BLOCKING) -> list[dict]:
    """The page's violations of these impacts, each with its rule, help and the first
    offending elements (for a readable failure)."""
    need(AXE.exists(), "needs axe-core from npm: run `make install` (npm ci)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
            }));
        }"""
    )
    return [v for v in found if v["impact"] in impacts]


def describe(path: str, violations: list[dict]) -> str:
    lines = [f"{path}:"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        lines.extend(f"      {node}" for node in v["nodes"])
    return "\n".join(lines)
