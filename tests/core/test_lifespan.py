"""One lifespan rule, read two ways: ``as_of`` in the database and ``lived_at`` for a row already read (a
certificate's deliveries, each compared with the memberships of the holding family on its own day). A row
begun at a moment lives at it; a row ended at a moment does not (its successor does)."""

import datetime as dt

from django.test import TestCase

from landreg.core import clock
from landreg.core.models import lived_at
from landreg.parties.models import GroupMembership, GroupType, PartyKind
from landreg.parties.services import MemberShare, group_set_members, party_create
from tests.base import make_person, make_territory

T1 = dt.datetime(2030, 1, 7, 9, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2030, 6, 1, 9, 0, tzinfo=dt.UTC)


class LifespanTests(TestCase):
    def test_as_of_and_lived_at_agree_at_every_moment_of_a_familys_members(self):
        village = make_territory()[3]
        family = party_create(
            kind=PartyKind.GROUP, village=village, name="Famille Ŋaba", group_type=GroupType.FAMILY
        )
        bintou, kone = make_person(village, "Ŋaba", "Ɓintou"), make_person(village, "Ŋaba", "Kɔnɛ", sex="M")
        with clock.frozen_at(T1):
            group_set_members(group=family, members=[MemberShare(bintou, "1", is_mandatary=True)])
        with clock.frozen_at(T2):  # Kɔnɛ joins: Ɓintou's first row ends, two rows begin
            group_set_members(
                group=family,
                members=[MemberShare(bintou, "1/2", is_mandatary=True), MemberShare(kone, "1/2")],
            )
        rows = list(GroupMembership.objects.filter(group=family))
        second = dt.timedelta(seconds=1)
        seen = {}
        for moment in (T1 - second, T1, T1 + second, T2 - second, T2, T2 + second):
            in_database = set(GroupMembership.objects.filter(group=family).as_of(moment))
            read = {row for row in rows if lived_at(row, moment)}
            assert in_database == read, moment
            seen[moment] = sorted((m.member.first_names, str(m.share)) for m in read)
        assert seen[T1 - second] == []
        assert seen[T1] == seen[T2 - second] == [("Ɓintou", "1")]
        assert seen[T2] == seen[T2 + second] == [("Kɔnɛ", "1/2"), ("Ɓintou", "1/2")]
        # (no order asked: PostgreSQL returns the rows in any order)
        assert set(GroupMembership.objects.filter(group=family).current()) == {
            r for r in rows if r.end_lifespan is None
        }
