"""Page numbers for people, with a count that stops at a bound.

Counting a million rows on every request costs more than the page itself (a sequential
scan, ~1.5 s under load). People need the exact count only while it is small: up to
`COUNT_BOUND` rows the count is exact; beyond it the list says "10,000+" and the count is
`COUNT_BOUND` with `count_is_bounded` set. The bounded count is
`SELECT COUNT(*) FROM (… LIMIT bound + 1)`, whose cost stops at the bound.

Past the bound, every page number is still served (an old client's `?page=25000` keeps
working): a page fetches one row more than it shows to know whether a next one exists.
Walking deep is what the API's `?cursor=` is for (constant cost per page).
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property

COUNT_BOUND = 10_000


def _is_queryset(object_list) -> bool:
    return hasattr(object_list, "query") and hasattr(object_list, "values_list")


class BoundedPage(Page):
    def __init__(self, object_list, number, paginator, *, has_more: bool):
        super().__init__(object_list, number, paginator)
        self._has_more = has_more

    def has_next(self) -> bool:
        return self._has_more

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0


class BoundedPaginator(Paginator):
    """Django's Paginator with `count` exact up to `bound` and `count_is_bounded` beyond."""

    bound = COUNT_BOUND

    @cached_property
    def _bounded_count(self) -> int:
        object_list = self.object_list
        if _is_queryset(object_list):
            # COUNT(*) over a LIMIT subquery of the keys, unordered: the planner may read
            # the smallest index that answers the filter and stops at the bound.
            return object_list.order_by().values("pk")[: self.bound + 1].count()
        return len(object_list[: self.bound + 1])

    @cached_property
    def count_is_bounded(self) -> bool:
        return self._bounded_count > self.bound

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.bound)

    def validate_number(self, number):
        if not self.count_is_bounded:
            return super().validate_number(number)
        return self._as_number(number)

    def _as_number(self, number) -> int:
        # Django's checks (an integer, at least 1) without the upper limit of num_pages.
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = self._rows(bottom, bottom + self.per_page + 1)
        if not rows and (number > 1 or not self.allow_empty_first_page):
            raise EmptyPage(self.error_messages["no_results"])
        return BoundedPage(rows[: self.per_page], number, self, has_more=len(rows) > self.per_page)

    def _rows(self, bottom: int, top: int) -> list:
        return list(self.object_list[bottom:top])

    @property
    def shown_count(self) -> str:
        """The count as people read it: "1,234" or "10,000+"."""
        return f"{self.count:,}+" if self.count_is_bounded else f"{self.count:,}"


class KeysFirstPaginator(BoundedPaginator):
    """For the lists of a million rows (contracts). A page is read keys first: its keys
    come from an index alone — an index-only scan that may skip thousands of entries
    failing a filter without reading one row (and an OFFSET that skips index entries,
    not rows) — then only the page's rows, with their select_related and prefetches. One
    query more than plain slicing, constant in the page and its size."""

    def _rows(self, bottom: int, top: int) -> list:
        object_list = self.object_list
        query = getattr(object_list, "query", None)
        if not _is_queryset(object_list) or query.annotations or query.distinct or query.combinator:
            return super()._rows(bottom, top)
        keys = list(object_list.values_list("pk", flat=True)[bottom:top])
        if not keys:
            return []
        found = {row.pk: row for row in object_list.filter(pk__in=keys).order_by()}
        return [found[key] for key in keys if key in found]
