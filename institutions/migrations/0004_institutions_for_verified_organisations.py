"""Data: a reference for every enquiry made before references existed, its answering
organisation, and an institution profile for every verified university or institute
that has none (what institutions.services.institution_for_organization does from now on).
"""

import secrets

from django.db import migrations, models

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def forwards(apps, schema_editor):
    Enquiry = apps.get_model("institutions", "Enquiry")
    Institution = apps.get_model("institutions", "Institution")
    Organization = apps.get_model("accounts", "Organization")
    User = apps.get_model("accounts", "User")

    taken = set(Enquiry.objects.exclude(reference=None).values_list("reference", flat=True))
    for enquiry in Enquiry.objects.select_related("institution").filter(reference=None):
        reference = "".join(secrets.choice(ALPHABET) for _ in range(10))
        while reference in taken:
            reference = "".join(secrets.choice(ALPHABET) for _ in range(10))
        taken.add(reference)
        enquiry.reference = reference
        owner_id = enquiry.institution.organization_id if enquiry.institution_id else None
        enquiry.owner_id = owner_id
        enquiry.at_desk = not (
            owner_id and User.objects.filter(organization_id=owner_id, is_active=True).exists()
        )
        enquiry.save(update_fields=["reference", "owner", "at_desk"])

    kinds = {"university": "university", "institute": "institute"}
    verified = Organization.objects.filter(
        verified_at__isnull=False, kind__in=list(kinds)
    ).order_by("pk")
    for organization in verified:
        if Institution.objects.filter(organization=organization).exists():
            continue
        same_name = Institution.objects.filter(name=organization.name).first()
        if same_name is not None and same_name.organization_id is None:
            same_name.organization = organization
            same_name.save(update_fields=["organization"])
            continue
        name = organization.name
        if same_name is not None:
            name = f"{organization.name}（{organization.uscc}）"
        Institution.objects.create(
            organization=organization,
            name=name,
            kind=kinds[organization.kind],
            contact_name=organization.contact_name,
            contact_email=organization.contact_email,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0003_enquiry_threads_and_appeals"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="enquiry",
            name="reference",
            field=models.CharField(
                editable=False, max_length=10, unique=True, verbose_name="查询编号"
            ),
        ),
    ]
