"""The published OpenAPI schema is true: schemathesis generates requests for every
operation and checks, as an enterprise, an institute and a reviewer, that no answer is a
server error and every answer matches its documented schema. Bounded to a few minutes:
few examples per operation, derandomised so that a run is repeatable."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from accounts.models import OrganizationKind
from tests.conftest import PASSWORD, make_member, make_reviewer
from tests.contracts.conftest import make_registered, make_submitted
from tests.institutions.conftest import make_institution, make_result

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "4"))
CHECKS = [not_a_server_error, response_schema_conformance]


def _load_schema():
    from portal.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/", application)


# Loaded at collection (the schema view touches no database); calls go through WSGI.
schema = _load_schema()


def _token(user) -> str:
    """Through the documented token endpoint, whatever token scheme stands behind it."""
    from rest_framework.test import APIClient

    response = APIClient().post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code in (200, 201), response.content
    return response.json()["token"]


@pytest.fixture
def personas(db):
    """Three roles, and data for the reads to return: a contract in the queue, an
    institution with blank optional columns and a published result."""
    reviewer = make_reviewer()
    enterprise = make_member(kind=OrganizationKind.ENTERPRISE, by=reviewer)
    institute = make_member(kind=OrganizationKind.INSTITUTE, by=reviewer)
    make_submitted(enterprise)
    make_registered(enterprise, reviewer)
    institution = make_institution(institute, website="", contact_email="")
    make_result(institution, institute)
    return {
        "enterprise": _token(enterprise),
        "institute": _token(institute),
        "reviewer": _token(reviewer),
    }


@pytest.mark.postgres
def test_the_api_answers_as_its_schema_says(personas):
    """One test over every operation (one database set-up, not one per operation); a
    failure names the operation and what broke, and the others still run."""
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def answers(case):
            for token in personas.values():
                case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)

        try:
            answers()
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.django_db
def test_dates_before_the_year_1000_keep_four_digits(enterprise_user):
    """Found by the run above: strftime("%Y") wrote 0376-05-16 back as "376-05-16"."""
    import datetime

    from contracts.api.contracts import ContractSerializer
    from tests.contracts.conftest import make_draft

    contract = make_draft(enterprise_user)
    contract.signed_on = datetime.date(376, 5, 16)
    assert ContractSerializer(contract).data["signed_on"] == "0376-05-16"
