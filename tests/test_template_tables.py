"""Every table of the site's pages (not the admin's) wears the site's table style: a bare
<table> or Bootstrap's `table` class, which the site does not ship, showed the owners'
demands and challenges as unruled, centred columns."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STYLED = {"data", "week-grid"}  # table.data (portal.css) and the instrument's calendar
TABLE = re.compile(r"<table(?P<attrs>[^>]*)>")


def site_templates():
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]:
        if "admin" not in path.relative_to(ROOT).parts and ".venv" not in path.parts:
            yield path


def test_every_table_of_the_site_has_a_style_the_site_ships():
    bare = []
    for path in site_templates():
        for table in TABLE.finditer(path.read_text(encoding="utf-8")):
            classes = re.search(r'class="([^"]*)"', table["attrs"])
            if not classes or not STYLED & set(classes[1].split()):
                bare.append(f"{path.relative_to(ROOT)}: {table[0][:60]}")
    assert not bare, bare
    assert list(site_templates())  # the glob found the templates
