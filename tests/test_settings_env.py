import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import database_config, email_config, env_bool, env_digits

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k9#Lq2!vZp8@wE4rT6yU1iO0pA3sD5fG7hJ9kL2zX4cV6bN8mQ1wE3rT5yU7iO9p",
        ALLOWED_HOSTS="portal.example.gov.cn",
        DATABASE_URL="",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="0", ALLOWED_HOSTS="portal.example.gov.cn")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_malformed_value_stops_start_up_naming_the_variable():
    result = run_manage("check", DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG='perhaps' is not a boolean" in result.stderr


def test_env_bool(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", True) is False
    monkeypatch.delenv("X_FLAG")
    assert env_bool("X_FLAG", True) is True


def test_registration_codes_must_be_digits(monkeypatch):
    monkeypatch.setenv("REGISTRATION_POINT_CODE", "1A")
    with pytest.raises(ImproperlyConfigured, match="REGISTRATION_POINT_CODE"):
        env_digits("REGISTRATION_POINT_CODE", "01", 2)


def test_database_url_is_parsed_and_a_bad_one_refused():
    config = database_config("postgres://portal:secret@db:5432/portal")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "portal" and config["HOST"] == "db"
    with pytest.raises(ImproperlyConfigured):
        database_config("nonsense://x")


def test_email_url():
    config = email_config("smtps://mailer:p%40ss@mail.example.gov.cn")
    assert config["EMAIL_HOST"] == "mail.example.gov.cn"
    assert config["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert config["EMAIL_PORT"] == 465 and config["EMAIL_USE_SSL"]
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_config("pigeon://coop")
