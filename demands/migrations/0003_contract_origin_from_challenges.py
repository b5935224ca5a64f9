"""Contracts made from an award before they kept their origin get it now: the challenge's
title and page, as the award writes them today."""

from django.db import migrations


def fill(apps, schema_editor):
    Challenge = apps.get_model("demands", "Challenge")
    Contract = apps.get_model("contracts", "Contract")
    for challenge_id, title, contract_id in Challenge.objects.filter(
        contract__isnull=False
    ).values_list("pk", "title", "contract_id"):
        Contract.objects.filter(pk=contract_id, origin_kind="").update(
            origin_kind="challenge",
            origin_title=title[:200],
            origin_url=f"/challenges/{challenge_id}/",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("demands", "0002_challenge_proposal_reason"),
        ("contracts", "0012_contract_origin"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
