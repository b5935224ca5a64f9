from contracts.models import Contract
from contracts.selectors import search
from tests.contracts.conftest import BUYER_USCC, make_draft, make_registered


def test_search_finds_words_identifiers_and_prefixes(enterprise_user, reviewer):
    found = make_registered(enterprise_user, reviewer, title="含油污泥热解处理技术开发")
    other = make_draft(enterprise_user, title="数字油田数据治理", buyer_uscc="")
    everything = Contract.objects.all()

    assert list(search(everything, "热解")) == [found]
    assert list(search(everything, found.registration_number)) == [found]
    assert list(search(everything, found.registration_number[:10])) == [found]
    assert set(search(everything, BUYER_USCC.lower())) == {found}
    assert set(search(everything, enterprise_user.organization.uscc)) == {found, other}
    assert list(search(everything, "9999650201000001")) == []
    assert set(search(everything, "  ")) == {found, other}
