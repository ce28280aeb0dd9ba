"""The statistics page, each figure's CSV and the PDF report. Login required; a user counts only the villages
where a role gives them the statistics (registrar, signing authority, administrator, programme officer)."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from landreg.statistics.figures import BUILDERS, all_figures, one_figure
from landreg.statistics.forms import StatisticsFilterForm
from landreg.statistics.pdf import statistics_pdf
from landreg.statistics.scope import Scope, may_view_statistics, scope_for
from landreg.statistics.templatetags.statistics_menu import sees_statistics


def _filters(request) -> StatisticsFilterForm:
    if not may_view_statistics(request.user):
        raise PermissionDenied(_("Your roles give you no statistics to see."))
    return StatisticsFilterForm(request.GET, user=request.user)


def _scope(request, form: StatisticsFilterForm) -> Scope:
    c = form.cleaned_data
    return scope_for(request.user, start=c["start"], end=c["end"], commune=c["commune"], village=c["village"])


def _file_name(scope: Scope, stem: str, extension: str) -> str:
    unit = scope.village or scope.commune
    place = unit.code if unit else "tout"
    return f"{stem}-{place}-{scope.start.isoformat()}-{scope.end.isoformat()}.{extension}"


@login_required
def statistics_page(request):
    if sees_statistics(request.user) and not may_view_statistics(request.user):
        # The role is held (the menu shows the link) on units where no village has been created yet: say so
        # rather than refuse, which would tell the user their role gives no statistics.
        return render(request, "statistics/no_villages.html")
    form = _filters(request)
    # The words charts.js shows, from the catalogue (French puts a narrow no-break space before the colon).
    chart_messages = {"tooltip": _("{label}: {value}")}
    context = {"form": form, "figures": [], "charts": {}, "chart_messages": chart_messages}
    if form.is_valid():
        figures = all_figures(_scope(request, form))
        context.update(
            figures=figures,
            charts={f.slug: f.chart.as_data() for f in figures if f.chart},
            filters=form.query_string(),
        )
    return render(request, "statistics/page.html", context, status=200 if form.is_valid() else 400)


@login_required
def statistics_csv(request, figure: str):
    if figure not in BUILDERS:
        raise Http404(_("No such figure."))
    form = _filters(request)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    scope = _scope(request, form)
    built = one_figure(figure, scope)
    out = io.StringIO()
    # A byte-order mark so that spreadsheets opened by a double click read the accents right.
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(built.columns)
    writer.writerows(built.csv_rows())
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(scope, figure, "csv")}"'
    return response


@login_required
def statistics_report(request):
    form = _filters(request)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    scope = _scope(request, form)
    response = HttpResponse(statistics_pdf(scope), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(scope, "statistiques", "pdf")}"'
    return response
