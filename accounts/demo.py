"""Demonstration accounts: a reviewer, an administrator and three organisations.

All names and credit codes are fictional (valid check characters, made-up numbers).
"""

from django.contrib.auth.models import Group

from accounts.models import EntityNature, Organization, OrganizationKind, Role, User
from accounts.services import organization_verify, signup
from accounts.validators import uscc_check_character

DEMO_PASSWORD = "Beijiang-2025"


def demo_uscc(body17: str) -> str:
    return body17 + uscc_check_character(body17)


DEMO_ORGANIZATIONS = (
    # username, organisation, 17 characters of its code, kind, entity nature, verified
    (
        "demo-enterprise",
        "克拉玛依示范油田技术有限公司（演示）",
        "91650203MA7DEM001",
        OrganizationKind.ENTERPRISE,
        EntityNature.LIMITED_LIABILITY,
        True,
    ),
    (
        "demo-institute",
        "示范石油工程研究院（演示）",
        "12650200MB1DEM002",
        OrganizationKind.INSTITUTE,
        EntityNature.RESEARCH_INSTITUTE,
        True,
    ),
    (
        "demo-newcomer",
        "独山子示范新材料有限公司（演示，待认证）",
        "91650202MA7NEW003",
        OrganizationKind.ENTERPRISE,
        EntityNature.PRIVATE,
        False,
    ),
)


def _staff(username: str, *, superuser: bool) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        make = User.objects.create_superuser if superuser else User.objects.create_user
        user = make(username=username, password=DEMO_PASSWORD, email=f"{username}@example.com")
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=Role.REVIEWER))
    return user


def demo_member(
    username: str,
    *,
    name: str,
    body: str,
    kind: str,
    nature: str,
    contact_name: str = "王经理",
    contact_phone: str = "0990-6000000",
    verified_by: User | None = None,
) -> User:
    """A demo user with its organisation, signed up as a visitor would (once); verified by
    `verified_by` when given. `body` is the credit code without its check character."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = signup(
            username=username,
            password=DEMO_PASSWORD,
            email=f"{username}@example.com",
            organization={
                "name": name,
                "uscc": demo_uscc(body),
                "kind": kind,
                "region_code": "650203",
                "entity_nature": nature,
                "contact_name": contact_name,
                "contact_phone": contact_phone,
            },
        )
    if verified_by is not None:
        organization_verify(organization=user.organization, by=verified_by)
    return user


def seed(out) -> list[tuple[str, str, str]]:
    reviewer = _staff("demo-reviewer", superuser=False)
    _staff("demo-admin", superuser=True)
    for username, name, body, kind, nature, verified in DEMO_ORGANIZATIONS:
        demo_member(
            username, name=name, body=body, kind=kind, nature=nature,
            verified_by=reviewer if verified else None,
        )  # fmt: skip
    out.write(f"  {Organization.objects.count()} organisations, {User.objects.count()} users")
    return [
        ("demo-reviewer", DEMO_PASSWORD, "科技局登记员 reviewer (/admin/)"),
        ("demo-admin", DEMO_PASSWORD, "超级管理员 superuser"),
        ("demo-enterprise", DEMO_PASSWORD, "企业（已认证）enterprise, verified"),
        ("demo-institute", DEMO_PASSWORD, "科研院所（已认证）institute, verified"),
        ("demo-newcomer", DEMO_PASSWORD, "企业（待认证）enterprise, not yet verified"),
    ]
