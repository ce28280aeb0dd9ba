"""The office's base map served as tiles at ``/basemap/{z}/{x}/{y}``, to logged-in users only: the file is
read by core/basemap.py, which gives every map this address."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from landreg.core.basemap import configured_basemap


@require_GET
@login_required
def basemap_tile(request, z: int, x: int, y: int):
    basemap = configured_basemap()
    data = basemap.tile(z, x, y) if basemap else None
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type=basemap.content_type)
    response["Cache-Control"] = "private, max-age=86400"
    return response
