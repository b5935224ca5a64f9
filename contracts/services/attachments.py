"""Removing a signed-contract file from a draft, before anyone reviewed it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from contracts.models import Contract, ContractAttachment
from contracts.services.registration import _locked, _require_editable


def contract_attachment_delete(*, contract: Contract, attachment_id: int, by: User) -> None:
    """Delete one attachment of an editable (draft or returned) contract, with its file.
    Once submitted, the file is part of the record and stays."""
    with transaction.atomic():
        locked = _locked(contract)
        _require_editable(locked)
        attachment = ContractAttachment.objects.filter(contract=locked, pk=attachment_id).first()
        if attachment is None:
            raise ValidationError({"attachment": _("该合同没有这个文件。")})
        stored = attachment.file.name
        attachment.delete()
        storage = attachment.file.storage
        transaction.on_commit(lambda: storage.delete(stored))
