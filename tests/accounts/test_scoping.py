"""Who sees what: the agent of village B sees nothing of village A, in selectors, pages, admin and API."""

from django.urls import reverse

from landreg.accounts.roles import Role
from landreg.accounts.selectors import has_unit_perm, villages_covered
from landreg.accounts.services import role_grant, role_revoke
from landreg.parcels.selectors import parcels_visible_to
from landreg.parties.selectors import parties_visible_to
from landreg.rights.selectors import rights_visible_to
from tests.base import RegistryTestCase


class SelectorScopingTests(RegistryTestCase):
    def test_the_agent_of_village_b_sees_only_village_b(self):
        assert list(parcels_visible_to(self.agent_b)) == [self.parcel_b]
        assert not parties_visible_to(self.agent_b).filter(pk=self.holder_a.pk).exists()
        assert not rights_visible_to(self.agent_b).exists()

    def test_the_agent_of_village_a_sees_village_a(self):
        assert list(parcels_visible_to(self.agent_a)) == [self.parcel_a]

    def test_the_mayor_sees_every_village_of_the_commune(self):
        assert set(parcels_visible_to(self.mayor)) == {self.parcel_a, self.parcel_b}
        assert set(villages_covered(self.mayor, "approve_claims")) == {self.village_a, self.village_b}

    def test_a_stranger_sees_nothing(self):
        assert not parcels_visible_to(self.stranger).exists()
        assert not villages_covered(self.stranger, "view_records").exists()

    def test_permissions_granted_on_a_commune_apply_to_its_villages_only(self):
        assert has_unit_perm(self.mayor, "approve_claims", self.village_a)
        assert not has_unit_perm(self.agent_a, "record_claims", self.village_b)
        assert not has_unit_perm(self.agent_a, "approve_claims", self.village_a)
        assert not has_unit_perm(self.mayor, "approve_claims", self.region)

    def test_a_committee_member_may_vote_but_not_see_personal_data(self):
        assert has_unit_perm(self.member_a, "vote_committee", self.village_a)
        assert not has_unit_perm(self.member_a, "view_personal_data", self.village_a)

    def test_granting_twice_is_idempotent_and_revoking_removes_the_permissions(self):
        again = role_grant(user=self.agent_b, role=Role.FIELD_AGENT, unit=self.village_b)
        assert self.agent_b.role_assignments.filter(revoked_at__isnull=True).count() == 1
        revoked = role_revoke(assignment=again)
        assert not parcels_visible_to(self.agent_b).exists()
        assert revoked.revoked_at is not None

    def test_revoking_one_role_keeps_what_another_role_gives_on_the_same_unit(self):
        president = role_grant(user=self.member_a, role=Role.COMMITTEE_PRESIDENT, unit=self.village_a)
        role_revoke(assignment=president)
        assert has_unit_perm(self.member_a, "vote_committee", self.village_a)
        assert not has_unit_perm(self.member_a, "preside_committee", self.village_a)

    def test_an_inactive_user_sees_nothing(self):
        self.agent_a.is_active = False
        assert not parcels_visible_to(self.agent_a).exists()


class PageAndAdminScopingTests(RegistryTestCase):
    def test_the_agent_of_village_b_cannot_open_a_parcel_page_of_village_a(self):
        self.client.force_login(self.agent_b)
        assert self.client.get(reverse("web:parcel-detail", args=[self.parcel_a.pk])).status_code == 404
        assert self.client.get(reverse("web:parcel-detail", args=[self.parcel_b.pk])).status_code == 200

    def test_the_home_page_counts_only_what_the_user_may_see(self):
        self.client.force_login(self.agent_b)
        page = self.client.get(reverse("web:home"))
        assert page.context["parcel_count"] == 1
        assert [v.code for v in page.context["villages"]] == ["TC-B"]

    def test_personal_data_shows_only_to_users_of_the_party_village(self):
        self.client.force_login(self.agent_a)
        assert (
            "B12345678"
            in self.client.get(reverse("web:parcel-detail", args=[self.parcel_a.pk])).content.decode()
        )
        self.client.force_login(self.member_a)
        page = self.client.get(reverse("web:parcel-detail", args=[self.parcel_a.pk])).content.decode()
        assert "OUÉDRAOGO Aminata" in page
        assert "B12345678" not in page

    def test_admin_lists_are_scoped_too(self):
        # Even if the agent of B were given admin access, the admin lists hold nothing of village A.
        self.agent_b.is_staff = True
        self.agent_b.save()
        from django.contrib.auth.models import Permission

        self.agent_b.user_permissions.add(
            *Permission.objects.filter(codename__in=["view_parcel", "view_party", "view_right"])
        )
        self.client.force_login(self.agent_b)
        changelist = self.client.get(reverse("admin:parcels_parcel_changelist"))
        assert changelist.status_code == 200
        assert self.parcel_b.number in changelist.content.decode()
        assert self.parcel_a.number not in changelist.content.decode()
        assert (
            self.client.get(reverse("admin:parcels_parcel_change", args=[self.parcel_a.pk])).status_code
            == 302
        )
        parties = self.client.get(reverse("admin:parties_party_changelist")).content.decode()
        assert "OUÉDRAOGO" not in parties
