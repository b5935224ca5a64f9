"""A Chinese word with two meanings (已撤销: a registration revoked, a challenge cancelled)
reads in English as its own app says: Django merges every app's catalogue into one, so a
bare msgid shared with an app that outranks it takes that app's English. Such labels carry
a pgettext context."""

import functools
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from contracts.choices import RegistrationState
from demands.choices import AccessStatus, ChallengeStatus
from institutions.models import Institution
from instruments.models import Booking, BookingStatus

ROOT = Path(__file__).resolve().parent.parent
APPS = ("contracts", "demands", "institutions", "instruments", "managers", "patents")
ENTRY = re.compile(r'^(?:msgctxt "(?P<ctx>.*)"\n)?msgid "(?P<id>.*)"\nmsgstr "(?P<str>.*)"$', re.M)


@functools.cache
def catalogue(app: str) -> dict[str, set[str]]:
    """msgid → every English the app gives it (bare or under a context)."""
    po = ROOT / app / "locale/en/LC_MESSAGES/django.po"
    found: dict[str, set[str]] = {}
    for entry in ENTRY.finditer(po.read_text(encoding="utf-8")):
        if entry["id"] and entry["str"]:
            found.setdefault(entry["id"], set()).add(entry["str"])
    return found


def _enums(base=models.Choices):
    for enum in base.__subclasses__():
        yield enum
        yield from _enums(enum)


def choice_owners() -> dict[int, str]:
    """Each choice label (the lazy object itself) → the app whose module defines it."""
    return {
        id(label): enum.__module__.split(".")[0] for enum in _enums() for _v, label in enum.choices
    }


def test_every_choice_label_reads_in_english_as_the_app_defining_it_translates_it():
    """Statuses, types and targets: where one Chinese label means two things."""
    owners = choice_owners()
    wrong = []
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                for value, label in field.flatchoices or ():
                    with translation.override(None):
                        source = str(label)
                    owner = owners.get(id(label), app)
                    own = catalogue(owner) if owner in APPS else {}
                    if source not in own:
                        continue
                    with translation.override("en"):
                        english = str(label)
                    if english not in own[source]:
                        wrong.append(f"{model.__name__}.{field.name}={value}: {english}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "label, english",
    [
        (ChallengeStatus.CANCELLED.label, "Cancelled"),
        (RegistrationState.REVOKED.label, "Revoked"),
        (AccessStatus.REFUSED.label, "Refused"),
        (BookingStatus.DECLINED.label, "Declined"),
        (BookingStatus.APPROVED.label, "Approved"),
        (Booking._meta.get_field("starts_at").verbose_name, "Starts"),
        (Institution._meta.get_field("name").verbose_name, "Name"),
    ],
)
def test_the_words_shared_by_two_meanings_read_as_each_meaning(label, english):
    with translation.override("en"):
        assert str(label) == english
