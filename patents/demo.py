"""Demonstration catalogue for 2025: thirty fictional invention patents.

Everything in `demo/catalogue-2025.csv` is made up (numbers, titles, owners, people,
phones); the numbers carry valid check characters. The catalogue is marked `is_demo` and
its title says 演示. It is imported through the import service from that file, exactly as
a reviewer would upload a real one, and published, so running the seed twice changes
nothing.
"""

from accounts.models import User
from common import demodata
from patents.models import Catalogue
from patents.services import catalogue_import, catalogue_publish

DEMO_YEAR = 2025
DEMO_TITLE = "2025年克拉玛依市高价值发明专利产业化推广目录清单（演示）"
DEMO_FILE = f"catalogue-{DEMO_YEAR}.csv"


def demo_catalogue_csv() -> bytes:
    """The demonstration catalogue as the CSV a reviewer would upload."""
    return demodata.raw("patents", DEMO_FILE)


def seed(out) -> list[tuple[str, str, str]]:
    existing = Catalogue.objects.filter(year=DEMO_YEAR).first()
    if existing is not None and not existing.is_demo:
        out.write(f"  {DEMO_YEAR} catalogue is real data: demo catalogue not loaded")
        return []
    reviewer = User.objects.filter(username="demo-reviewer").first()
    outcome = catalogue_import(
        year=DEMO_YEAR,
        data=demo_catalogue_csv(),
        filename=f"catalogue-{DEMO_YEAR}-demo.csv",
        by=reviewer,
        title=DEMO_TITLE,
        is_demo=True,
        note="演示数据更新",  # the demo file changed since a published seed: a correction
    )
    if not outcome.catalogue.is_published:
        catalogue_publish(catalogue=outcome.catalogue, by=reviewer)
    out.write(
        f"  patent catalogue {DEMO_YEAR} (演示): {outcome.rows} patents, "
        f"{outcome.created} new entries"
    )
    return []
