"""A person's page: who they are, what they hold and held, the groups they belong to (or, for a group, its
members), their claims, certificates, dispute cases and objections: what a land office clerk at the counter
asks about one person. Reads in ``web.people.selectors``, scoped to what the user may see."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from landreg.web.people.selectors import person_page_for


@login_required
def person_detail(request, pk):
    page = person_page_for(request.user, pk)
    if page is None:  # unknown, or of a village whose records the user does not see: not said which
        raise Http404("No person matches the given query.")
    return render(request, "web/person_detail.html", {"page": page, "person": page.person})
