from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

admin.site.site_header = "Landreg — administration"
admin.site.site_title = "Landreg"
admin.site.index_title = "Registre foncier"

urlpatterns = [
    path("", include("landreg.web.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/", include("landreg.api.urls")),
    path("ogcapi/", include("landreg.ogcapi.urls")),
    path("tiles/", include("landreg.tiles.urls")),
    path("parcels/", include("landreg.parcels.urls")),
    path("adjudication/", include("landreg.adjudication.urls")),
    path("documents/", include("landreg.documents.urls")),
    path("collect/", include("landreg.collect.urls")),
    path("disputes/", include("landreg.disputes.urls")),
    path("statistics/", include("landreg.statistics.urls")),
    path("registers/", include("landreg.registers.urls")),
    path("backups/", include("landreg.backups.urls")),
    path("", include("landreg.certificates.urls")),
]
# An address no route matches: under /api/ answered as the API answers every refusal (JSON).
handler404 = "landreg.api.errors.not_found"
# No route serves MEDIA_ROOT, in demo mode neither: uploaded documents are read through documents:file.
