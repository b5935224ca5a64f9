"""`make run` says only the accounts and the addresses; the README lists those accounts."""

import io
import logging
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from contracts import deadlines
from tests.test_settings_env import run_manage

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def fresh_warnings():
    deadlines._warn_unknown_year.cache_clear()
    yield
    deadlines._warn_unknown_year.cache_clear()


def test_an_unknown_year_is_reported_once_however_many_days_are_counted(caplog, fresh_warnings):
    with caplog.at_level(logging.WARNING, logger="contracts.deadlines"):
        for start in (date(2099, 3, 2), date(2099, 6, 1)):
            deadlines.add_working_days(start, 30)
    warnings = [r.getMessage() for r in caplog.records if "no data for" in r.getMessage()]
    assert len(warnings) == 1 and "2099" in warnings[0]


@pytest.mark.django_db
def test_seed_demo_prints_the_accounts_and_nothing_else_unless_asked():
    quiet, loud = io.StringIO(), io.StringIO()
    call_command("seed_demo", stdout=quiet)
    lines = quiet.getvalue().splitlines()
    assert lines[0].startswith("演示数据已就绪") and lines[1].startswith("演示账户")
    assert all(line.startswith("  demo-") for line in lines[2:]), lines
    call_command("seed_demo", stdout=loud, verbosity=2)
    assert "institutions" in loud.getvalue() and re.search(r"\d+\.\d s", loud.getvalue())


@pytest.mark.django_db
def test_the_readme_lists_the_accounts_seed_demo_prints():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    printed = re.findall(r"^  (demo-[\w-]+)", out.getvalue(), re.M)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Run it", 1)[1].split("## Test it", 1)[0]
    listed = re.findall(r"^\| `(demo-[\w-]+)` \|", section, re.M)
    assert printed and listed == printed


@pytest.mark.parametrize(("debug", "expected"), [("1", "text"), ("0", "json")])
def test_logs_are_plain_lines_under_debug_and_json_otherwise(debug, expected):
    code = "from django.conf import settings; print(settings.LOG_FORMAT)"
    env = {"DEBUG": debug, "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "example.org"}
    result = run_manage("shell", "-c", code, **env)
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr


def test_the_word_segmenter_starts_without_a_word(capfd, caplog):
    """jieba announces its dictionary on its own stderr handler and at DEBUG; the first
    demand matched under `make run` printed eight such lines."""
    from demands import matching

    matching._tokenizer.cache_clear()
    with caplog.at_level(logging.DEBUG):
        assert "稠油" in matching.segment("稠油蒸汽驱开采")
    assert not [r for r in caplog.records if r.name == "jieba"]
    assert "prefix dict" not in capfd.readouterr().err
