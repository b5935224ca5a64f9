from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from patents import selectors
from patents.forms import CatalogueFilterForm
from patents.spreadsheets import write_catalogue_xlsx

PAGE_SIZE = 20
FACET_PARAMETERS = ("sector", "high_value_kind", "ipc_section", "cooperation_mode")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _query_string(params: dict) -> str:
    query = QueryDict(mutable=True)
    for key, value in params.items():
        if value not in (None, ""):
            query[key] = value
    return query.urlencode()


def _chosen_catalogue(form, catalogues):
    """The catalogue of the requested year, or the newest published; 404 for a year the
    visitor may not see (a draft is seen by reviewers only)."""
    year = form.cleaned_data.get("year") if form.is_valid() else None
    if year is None:
        return next((c for c in catalogues if c.is_published), None)
    for catalogue in catalogues:
        if catalogue.year == year:
            return catalogue
    raise Http404(_("该年度的目录尚未发布。"))


@require_GET
def catalogue(request):
    form = CatalogueFilterForm(request.GET)
    catalogues = selectors.visible_catalogues(request.user)
    chosen = _chosen_catalogue(form, catalogues)
    context = {"form": form, "catalogue": chosen, "page": None, "facets": {}}
    if not form.is_valid():
        return render(request, "patents/catalogue.html", context, status=400)
    if chosen is None:
        return render(request, "patents/catalogue.html", context)
    year = chosen.year
    filters = form.filters()
    page = Paginator(selectors.catalogue_entries(year, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    current = {
        name: (value if value is not None else "")
        for name, value in form.cleaned_data.items()
        if name != "year"
    }
    current["year"] = year
    facets = selectors.catalogue_facets(year, filters)
    for name, items in facets.items():
        for item in items:
            params = {**current, name: "" if item["selected"] else item["value"]}
            item["url"] = "?" + _query_string(params)
    context.update(
        page=page,
        facets=facets,
        filtered=any(getattr(filters, name) for name in ("q", "ipc", *FACET_PARAMETERS)),
        facets_selected=sum(1 for name in FACET_PARAMETERS if getattr(filters, name)),
        query=_query_string(current),
        year_links=[
            {
                "year": c.year,
                "url": "?" + _query_string({**current, "year": c.year}),
                "current": c.year == year,
                "draft": not c.is_published,
            }
            for c in catalogues
        ],
    )
    return render(request, "patents/catalogue.html", context)


@require_GET
def export_xlsx(request):
    form = CatalogueFilterForm(request.GET)
    chosen = _chosen_catalogue(form, selectors.visible_catalogues(request.user))
    if not form.is_valid():
        errors = "；".join(
            f"{form.fields[name].label}：{' '.join(messages)}"
            for name, messages in form.errors.items()
        )
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    if chosen is None:
        raise Http404(_("尚未发布任何目录。"))
    year = chosen.year
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="patent-catalogue-{year}.xlsx"'
    write_catalogue_xlsx(selectors.catalogue_entries(year, form.filters()), response)
    return response


@require_GET
def patent_detail(request, number: str):
    patent, canonical = selectors.patent_by_number(number, user=request.user)
    if patent is None:
        raise Http404(_("未找到该专利。"))
    if number != canonical:
        return redirect("patents:detail", number=canonical, permanent=True)
    return render(request, "patents/detail.html", {"patent": patent})
