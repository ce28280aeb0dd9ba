"""What vulture cannot see used (tests/test_dead_code.py): each name here is used by a name in a text that
Python does not read (a template, a dotted path in settings.py) or by a library that reads an attribute we
set. Reviewed: one group per kind of use, saying where. Real objects where they exist, so that
test_whitelist_names_what_exists fails when one goes (then remove its line); ``_.name`` for an attribute
set on instances only or an argument a signature requires.

vulture reads this file as code and marks every name it mentions as used, wherever it is defined.
"""

from django.forms import ModelChoiceField

from landreg.accounts.backends import LockoutBackend, RegistryAxesHandler
from landreg.accounts.selectors import ReadGrantsOnceMiddleware
from landreg.accounts.user_cache import CachedUserAuthenticationMiddleware
from landreg.adjudication.committee.votes import Tally
from landreg.adjudication.models import Claim, ClaimSecondaryRight
from landreg.adjudication.pages.history import HistoryRow
from landreg.api.errors import not_found
from landreg.api.library_messages import MISSING_IN_LIBRARY_CATALOGUES
from landreg.api.schema import error_responses
from landreg.certificates.models import Certificate, CertificateEvent
from landreg.core.db.replicas import PublicReadMiddleware, ReplicaRouter
from landreg.core.history.append_only import AppendOnlyQuerySet
from landreg.disputes.pages.forms import CaseOpenForm, HoldForm
from landreg.parcels.importing.report import ImportReport
from landreg.parties.models import PartyVersion
from landreg.tiles.filecache import TileFileCache
from landreg.web.admin_titles import ADMIN_TITLES, ADMIN_WORDING
from landreg.web.bad_input import RejectNulMiddleware
from landreg.web.csp import LandregCSPMiddleware
from landreg.web.form_expired import csrf_failure
from landreg.web.home.work import WorkItem
from landreg.web.lists.page import ListPage
from landreg.web.middleware import ChosenLanguageMiddleware
from landreg.web.private_responses import PrivateResponsesMiddleware
from landreg.web.search.rows import Found


class Whitelist:
    """vulture's own Whitelist (vulture/whitelists/whitelist_utils.py): any attribute, None."""

    def __getattr__(self, _name):
        return None


_ = Whitelist()

# Named by dotted path in landreg/settings.py: MIDDLEWARE, AUTHENTICATION_BACKENDS, DATABASE_ROUTERS, CACHES,
# AXES_HANDLER, SPECTACULAR_SETTINGS' POSTPROCESSING_HOOKS.
error_responses
CachedUserAuthenticationMiddleware
ChosenLanguageMiddleware
LandregCSPMiddleware
PublicReadMiddleware
ReadGrantsOnceMiddleware
RejectNulMiddleware
PrivateResponsesMiddleware
LockoutBackend
RegistryAxesHandler  # AXES_HANDLER
ReplicaRouter
TileFileCache
csrf_failure  # CSRF_FAILURE_VIEW

# Django's ModelChoiceField calls label_from_instance for each choice it prints (our fields override it;
# the people offered by the claim and change forms are labelled by parties.choice_labels, not through it).
ModelChoiceField.label_from_instance

# Django's URL configuration convention: handler404 in landreg/urls.py names landreg.api.errors.not_found.
not_found
_.handler404

# Python reads it: accounts/apps.py sets Group.__str__ (a group shown by its label in the reader's language).
_.__str__

# Texts kept for `make messages`: the libraries look them up by their own gettext (api/library_messages.py),
# Django's admin its page titles and words (web/admin_titles.py).
MISSING_IN_LIBRARY_CATALOGUES
ADMIN_TITLES
ADMIN_WORDING

# Read by templates only.
ClaimSecondaryRight.holder_name  # adjudication/claim_detail.html (the claim's secondary rights)
Claim.change_heading  # adjudication/claim_detail.html, consents.html (a change named by kind and parcels)
Certificate.reprint_count  # certificates/detail.html (prints and duplicates)
CertificateEvent.batch_id  # certificates/detail.html (the history's link to the batch run that printed it)
CertificateEvent.delivery_note  # certificates/detail.html (the history's line of a delivery)
HistoryRow.case_visible  # adjudication/claim_detail.html (the history's link to a case)
Tally.quorum_said  # adjudication/claim_detail.html (the committee's count against its quorum)
ImportReport.parts_split  # parcels/import_job.html (the import's report)
WorkItem.overdue_url  # web/work.html (the work page's overdue link)
WorkItem.action_url  # web/work.html (the link to do them at once: sign several certificates)
WorkItem.held_url  # web/work.html (the link to the rows a dispute holds)
_.member_until  # web/person_detail.html (a claim or case of a group the person left: when they left)
CaseOpenForm.party_rows  # disputes/case_new.html (the parties typed, shown back)
HoldForm.party_rows  # disputes/case_detail.html (a session's parties present)
_.holders_ignored  # adjudication/claim_form.html: ClaimForms (the part not read shows no errors)
_.members_ignored  # adjudication/claim_form.html: ClaimForms (the part not read shows no errors)
_.lodged_on  # web/person_detail.html: web.people.selectors.ObjectionRow (the objections a person lodged)
_.case_url  # web/person_detail.html (the case an objection opened, where the user follows it)
_.past_rights  # web/person_detail.html (the rights a person held, ended)
_.past_groups  # web/person_detail.html (the memberships a person had, ended)
_.superseded  # web/person_detail.html (a certificate whose right or parcel changed since issue)
_.name_corrections  # web/person_detail.html (the corrections of the name, for readers of personal data)
_.for_group  # certificates/detail.html (the group a delivery was received for: certificates.selectors)
_.as_mandatary  # certificates/detail.html (received as the group's mandatary)
ListPage.has_previous  # web/lists/pager.html, certificates/list.html, queue.html, disputes/home.html
ListPage.start_index  # web/lists/pager.html
ListPage.end_index  # web/lists/pager.html
ListPage.next_query  # web/lists/pager.html
ListPage.previous_query  # web/lists/pager.html
ListPage.first_query  # web/lists/pager.html
ListPage.last_query  # web/lists/pager.html
Found.more  # web/search.html, web/search_found.html (the header search's "n more")
_.age_days  # disputes/home.html: set on each case by disputes.pages.cases.home and selectors.open_cases_for
_.sound  # backups/page.html: an archive row whose latest write or check found it intact
_.came_from  # web/public/parcel.html: web.public.register.PublicParcel (the split or merge it came from)
_.split_siblings  # web/public/parcel.html: web.public.register.PublicParcel (the other parts of its split)
# templates/web/parcel_detail.html's history: web.views.VersionRow, named as a ParcelVersion's attributes
_.get_land_use_display
_.change_reason
_.changed_by

# A model found through its foreign key to its record (core.history.versioning.history_model), not by its
# name.
PartyVersion

# Django's QuerySet API, refused on an append-only history (its arguments are the signature's).
AppendOnlyQuerySet.bulk_update
_.objs

# Attributes a library reads from objects we make: reportlab (the statistics' charts in statistics/pdf.py,
# rl_config.useA85 in core/formats/pdf.py), protobuf (a vector tile's values in tiles/encoding.py), tarfile
# (backups/archive.py), ctypes (Arrow's C structures in parcels/importing/arrow.py), Django's debug cursor
# (the statement it logs, core/db/planned.py), django-leaflet's admin (its map widget's template and
# settings, core/admin_scoping.MapAdminMixin).
_.reverseDirection
_.valueMin
_.valueMax
_.labelTextFormat
_.strokeColor
_.strokeWidth
_.fillColor
_.angle
_.boxAnchor
_.alignment
_.columnMaximum
_.deltax
_.colorNamePairs
_.useA85
_.bool_value
_.int_value
_.double_value
_.string_value
_.mtime
_._fields_
_._query
_.map_template
_.settings_overrides

# Arguments a signature requires and the body does not read: reportlab's Flowable.wrap (core/formats/pdf.py
# Plan), the modification time that keys core.basemap._open's cache, pygeofilter's Evaluator.adopt
# (ogcapi/filtering/evaluation.py).
_.available_width
_.available_height
_.modified
_.sub_args

# Called by lark by the names of the grammar's terminals and rules: pygeofilter's CQL2 text transformer, its
# strings read with CQL2's doubled quote, its arithmetic with %, div, ^ and unary minus, its temporal
# functions as calls and the keyword DATE (ogcapi/filtering/parsing.py).
_.SINGLE_QUOTED
_.mod
_.intdiv
_.neg
_.DATE
_.temporal_predicate
