"""GB/T 2260 region names in English on English pages; the codes themselves unchanged."""

import json

from django.utils import translation

from contracts import codes
from contracts.codes import DATA


def test_a_xinjiang_county_reads_in_english_on_english_pages():
    assert codes.region_label("650203") == "新疆维吾尔自治区 克拉玛依市 克拉玛依区"
    with translation.override("en"):
        assert codes.region_label("650203") == "Xinjiang Karamay Karamay District"
        assert codes.region_label("653101") == "Xinjiang Kashgar Prefecture Kashgar"
        assert codes.region_name("110000") == "Beijing"
        # A county outside Xinjiang has no English name in the table: its Chinese name.
        assert codes.region_label("110101") == "Beijing 东城区"
        assert codes.region_label("999999") == "999999"


def test_the_english_table_covers_every_province_and_all_of_xinjiang():
    english = json.loads((DATA / "regions_en.json").read_text(encoding="utf-8"))["names"]
    tree = json.loads((DATA / "regions.json").read_text(encoding="utf-8"))["provinces"]
    for province, _name, cities in tree:
        assert english.get(province, "").isascii() and english[province], province
        if province.startswith("65"):
            for city, _n, districts in cities:
                assert city in english
                assert all(code in english for code, _d in districts), city
    assert all(code in codes.region_names() for code in english)


def test_the_form_choices_follow_the_language_and_keep_the_codes():
    with translation.override("en"):
        choices = dict(codes.region_choices())
    xinjiang = [label for label in choices if str(label).startswith("Xinjiang · Karamay")]
    assert xinjiang, list(choices)[:5]
    assert ("650203", "Karamay District · 650203") in choices[xinjiang[0]]
