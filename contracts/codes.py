"""The code tables of form JJ-001: countries (ISO 3166 numeric, as GB/T 2659 uses them)
and administrative regions (GB/T 2260), with their names in the reader's language.

Countries come from `pycountry` (its Chinese names from the package's own gettext
catalogue); regions from `contracts/data/regions.json`, shipped with the code: every
province, prefecture and county of the national list (see the file's `source`).
"""

import gettext
import json
from functools import cache
from pathlib import Path

import pycountry
from django.utils.translation import get_language

DATA = Path(__file__).resolve().parent / "data"
CHINA = "156"


# ---- countries ------------------------------------------------------------------------


@cache
def _zh_catalogue():
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    except OSError:
        return gettext.NullTranslations()


@cache
def _countries(chinese: bool) -> tuple[tuple[str, str], ...]:
    catalogue = _zh_catalogue()
    rows = []
    for country in pycountry.countries:
        name = country.name
        rows.append((country.numeric, catalogue.gettext(name) if chinese else name, name))
    rows.sort(key=lambda row: (row[0] != CHINA, row[2]))
    return tuple((code, name) for code, name, _english in rows)


def _chinese() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


def country_choices() -> list[tuple[str, str]]:
    """(numeric code, "name · code"), China first, then in the order of English names."""
    return [(code, f"{name} · {code}") for code, name in _countries(_chinese())]


def country_name(code: str) -> str:
    return dict(_countries(_chinese())).get(code, code)


def is_country_code(code: str) -> bool:
    return pycountry.countries.get(numeric=code) is not None


# ---- regions --------------------------------------------------------------------------


@cache
def _region_tree() -> list:
    with (DATA / "regions.json").open(encoding="utf-8") as handle:
        return json.load(handle)["provinces"]


@cache
def region_names() -> dict[str, str]:
    """Every code of the table, provinces and prefectures included, with its name."""
    names = {}
    for province, province_name, cities in _region_tree():
        names[province] = province_name
        for city, city_name, districts in cities:
            names[city] = city_name
            names.update(dict(districts))
    return names


@cache
def _english_names() -> dict[str, str]:
    with (DATA / "regions_en.json").open(encoding="utf-8") as handle:
        return json.load(handle)["names"]


def region_name(code: str, name: str = "") -> str:
    """A region's name in the page's language: the English (pinyin) name on English pages
    where the table has one (every province, and Xinjiang down to its counties), the
    GB/T 2260 Chinese name otherwise."""
    chinese = name or region_names().get(code, code)
    if (get_language() or "zh-hans").startswith("zh"):
        return chinese
    return _english_names().get(code, chinese)


@cache
def region_leaves() -> tuple[tuple[str, str, str, str], ...]:
    """(code, name, province name, prefecture name) of the places a party is in: the
    counties, or a prefecture or province that has none under it (东莞市, 澳门)."""
    leaves = []
    for province, province_name, cities in _region_tree():
        if not cities:
            leaves.append((province, province_name, province_name, ""))
        for city, city_name, districts in cities:
            if not districts:
                leaves.append((city, city_name, province_name, city_name))
            for code, name in districts:
                leaves.append((code, name, province_name, city_name))
    return tuple(leaves)


def region_choices(current: str = "") -> list:
    """Grouped choices for a plain select (province · prefecture → counties). A saved
    code that is no longer in the table stays selectable, marked as such."""
    groups: dict[str, list] = {}
    for code, name, province, city in region_leaves():
        province = region_name(code[:2] + "0000", province)
        city = region_name(code[:4] + "00", city) if city else ""
        label = f"{province} · {city}" if city and city != province else province
        groups.setdefault(label, []).append((code, f"{region_name(code, name)} · {code}"))
    choices: list = [("", "---------")]
    if current and current not in region_names():
        choices.append((current, f"{current}（原代码）"))
    choices.extend(groups.items())
    return choices


def region_label(code: str) -> str:
    """新疆维吾尔自治区 克拉玛依市 克拉玛依区 ("Xinjiang Karamay Karamay District" on an
    English page), or the code itself when it is not in the table."""
    names = region_names()
    if code not in names:
        return code
    parts = [
        region_name(part, names[part]) if part in names else ""
        for part in (code[:2] + "0000", code[:4] + "00", code)
    ]
    unique = []
    for part in parts:
        if part and part not in unique:
            unique.append(part)
    return " ".join(unique)


def is_region_code(code: str) -> bool:
    return code in region_names()
