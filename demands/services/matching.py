"""Computing and storing the suggestions. A task recomputes them on commit when a demand
is published or a result, patent or institution changes; the pages and the API read the
stored rows (see selectors) and never compute."""

import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from demands import matching
from demands.choices import DemandStatus, IndustryTag, MatchTarget
from demands.models import Demand, Match, MatchDismissal
from demands.services.common import refuse
from institutions.models import Institution, Result
from patents.models import Patent

logger = logging.getLogger(__name__)
PER_KIND = 10  # suggestions kept per demand and kind of target

# The catalogue's sectors and the industry tags of demands, for the "同一行业" reason.
SECTOR_TAGS = {
    "oil_gas": (IndustryTag.OIL_GAS, IndustryTag.REFINING),
    "equipment": (IndustryTag.EQUIPMENT,),
    "new_energy_materials": (IndustryTag.NEW_ENERGY, IndustryTag.NEW_MATERIALS),
    "digital": (IndustryTag.DIGITAL,),
}


def demand_side(demand: Demand) -> matching.Side:
    return matching.Side(
        text=" ".join([demand.title, demand.title, demand.summary, demand.targets]),
        technical_fields=(demand.technical_field,) if demand.technical_field else (),
        tags=tuple(demand.tags or ()),
    )


def _candidates() -> list[tuple[str, object, matching.Side]]:
    """Every published result, published-catalogue patent and institution, with its side."""
    rows: list[tuple[str, object, matching.Side]] = []
    for result in Result.objects.published().select_related("institution"):
        rows.append(
            (
                MatchTarget.RESULT,
                result,
                matching.Side(
                    text=" ".join([result.title, result.title, result.summary, result.description]),
                    technical_fields=(result.technical_field,),
                    trl=result.trl,
                ),
            )
        )
    for patent in Patent.objects.published().prefetch_related("catalogue_entries"):
        tags = tuple(
            tag
            for entry in patent.catalogue_entries.all()
            for tag in SECTOR_TAGS.get(entry.sector, ())
        )
        rows.append(
            (
                MatchTarget.PATENT,
                patent,
                matching.Side(
                    text=" ".join([patent.title, patent.title, patent.abstract]), tags=tags
                ),
            )
        )
    for institution in Institution.objects.all():
        rows.append(
            (
                MatchTarget.INSTITUTION,
                institution,
                matching.Side(
                    text=" ".join([institution.name, institution.introduction]),
                    technical_fields=tuple(institution.fields or ()),
                ),
            )
        )
    return rows


def _url(kind: str, target) -> str:
    if kind == MatchTarget.PATENT:
        return f"/patents/{target.application_number}/"
    return f"/{'results' if kind == MatchTarget.RESULT else 'institutions'}/{target.pk}/"


def _suggestions(demand, side, candidates, idf, dismissed) -> list[Match]:
    by_kind: dict[str, list[Match]] = {}
    for kind, target, target_side in candidates:
        if (kind, target.pk) in dismissed:
            continue
        scored = matching.score(side, target_side, idf)
        if scored.score < matching.MIN_SCORE:
            continue
        by_kind.setdefault(kind, []).append(
            Match(
                demand=demand,
                target_type=kind,
                target_id=target.pk,
                title=str(getattr(target, "title", None) or target.name)[:300],
                url=_url(kind, target),
                score=scored.score,
                reasons=scored.reasons,
            )
        )
    kept = []
    for rows in by_kind.values():
        rows.sort(key=lambda m: (-m.score, m.target_id))
        kept += rows[:PER_KIND]
    return kept


def matches_compute(*, demand_ids=None) -> int:
    """Recompute the stored suggestions of the given published demands (all when None);
    returns how many rows were stored. Reasons are stored in the portal's language."""
    demands = Demand.objects.filter(status=DemandStatus.PUBLISHED)
    if demand_ids is not None:
        demands = demands.filter(pk__in=demand_ids)
    demands = list(demands)
    if not demands:
        return 0
    candidates = _candidates()
    sides = {demand.pk: demand_side(demand) for demand in demands}
    idf = matching.idf_table([side for _k, _t, side in candidates] + list(sides.values()))
    stored = 0
    with translation.override(settings.LANGUAGE_CODE):
        for demand in demands:
            dismissed = set(demand.dismissals.values_list("target_type", "target_id"))
            rows = _suggestions(demand, sides[demand.pk], candidates, idf, dismissed)
            with transaction.atomic():
                Match.objects.filter(demand=demand).delete()
                Match.objects.bulk_create(rows)
            stored += len(rows)
    return stored


@shared_task(
    name="demands.compute_matches",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def compute_matches(demand_ids=None) -> int:
    return matches_compute(demand_ids=demand_ids)


def matches_changed(*, demand_ids=None) -> None:
    """Call inside the transaction that changed a side: recomputes once it commits, and
    once per transaction however many rows changed (a catalogue import saves hundreds)."""
    key = None if demand_ids is None else tuple(sorted(demand_ids))
    connection = transaction.get_connection()
    if any(getattr(item[1], "matches_key", 0) == key for item in connection.run_on_commit):
        return

    def send():
        compute_matches.delay(demand_ids)

    send.matches_key = key
    transaction.on_commit(send, robust=True)


def target_changed(sender=None, **kwargs) -> None:
    """A result, patent or institution was saved: every demand's suggestions may move.
    (Connected to their post_save in DemandsConfig.ready: those apps sit beside or below
    this one and may not call it.)"""
    if kwargs.get("raw"):
        return
    matches_changed(demand_ids=None)


@transaction.atomic
def match_dismiss(
    *, demand: Demand, target_type: str, target_id: int, by, reason: str = ""
) -> MatchDismissal:
    if target_type not in MatchTarget.values:
        raise refuse("target_type", _("未知的推荐对象类型。"))
    dismissal, _created = MatchDismissal.objects.get_or_create(
        demand=demand,
        target_type=target_type,
        target_id=target_id,
        defaults={"reason": (reason or "").strip()[:500], "by": by},
    )
    Match.objects.filter(demand=demand, target_type=target_type, target_id=target_id).delete()
    return dismissal
