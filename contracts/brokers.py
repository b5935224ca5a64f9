"""The technology manager (技术经理人) a contract names as its broker.

The managers app owns the row and sits above contracts, so contracts reach it only
through the foreign key's related model (`Contract.broker`, a string reference): no
import goes up. Only an approved manager can be named; a contract keeps the manager it
already names even if that manager is suspended later. Naming another manager (or none)
drops the confirmation the previous one gave."""

from django.utils.translation import gettext as _

from contracts.models import Contract


def broker_model():
    return Contract._meta.get_field("broker").related_model


def approved_brokers(keep_id: int | None = None):
    """The managers a contract may name: the approved ones (and the one it names now)."""
    model = broker_model()
    rows = model.objects.approved()
    if keep_id:
        rows = rows | model.objects.filter(pk=keep_id)
    return rows.order_by("name", "pk")


def broker_problem(broker, *, current_id: int | None) -> str | None:
    """Why `broker` (a manager, or None) cannot be named on a contract naming `current_id`."""
    if broker is None or broker.pk == current_id:
        return None
    if not approved_brokers().filter(pk=broker.pk).exists():
        return _("“%(name)s”不是已通过审核的技术经理人，不能在合同中填写。") % {"name": broker.name}
    return None
