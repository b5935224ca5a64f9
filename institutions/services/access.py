"""Who may write: a member of the institution, a reviewer, or the portal itself (`SYSTEM`,
never implied: `by=None` is nobody and is refused like any outsider)."""

from django.core.exceptions import PermissionDenied

from institutions import selectors


class _System:
    """The portal acting on its own behalf: allowed what a member may do, recorded as
    nobody. Callers name it; no missing argument turns into it."""

    is_authenticated = False
    is_reviewer = False

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


def require_member(by, institution_id: int) -> None:
    """`by` is a member of that institution (or the portal itself); PermissionDenied
    otherwise, for `None` too."""
    if by is SYSTEM:
        return
    own = selectors.institution_of(by)
    if own is None or own.pk != institution_id:
        raise PermissionDenied


def require_reviewer(by) -> None:
    if not (by and by.is_authenticated and by.is_reviewer):
        raise PermissionDenied


def person_of(by):
    """The user to record as author or actor: None for the portal itself."""
    return by if by is not None and by.is_authenticated else None
