"""Numbers follow the commune's pattern, without gaps, even when two registrars issue at the same moment."""

import threading
from unittest import mock

from django.db import connection, connections
from django.test import TransactionTestCase, skipUnlessDBFeature

from landreg.certificates.exceptions import CertificateError, SigningKeyError
from landreg.certificates.issuing.numbering import format_number
from landreg.certificates.issuing.services import certificate_issue
from landreg.certificates.models import Certificate, CertificateSeries
from landreg.parcels.services import parcel_record
from landreg.rights.services import HolderShare, right_register
from tests.base import make_person, make_territory, make_user
from tests.certificates.base import CertificateTestCase
from tests.geometries import square


class NumberingTests(CertificateTestCase):
    def test_numbers_follow_the_default_pattern_commune_village_sequence(self):
        first = self.issue(right=self.right_a)
        second = self.issue(right=self.right_c)
        self.assertEqual([first.number, second.number], ["TC-C-TC-A-00001", "TC-C-TC-A-00002"])

    def test_a_commune_can_set_its_own_pattern(self):
        CertificateSeries.objects.create(commune=self.commune, pattern="APFR/{year}/{commune}/{seq:04d}")
        self.assertRegex(self.issue().number, r"^APFR/20\d\d/TC-C/0001$")

    def test_an_invalid_pattern_is_a_clear_error_and_takes_no_number(self):
        CertificateSeries.objects.create(commune=self.commune, pattern="{commune}-{unknown}")
        with self.assertRaisesMessage(CertificateError, "numbering pattern"):
            self.issue()
        self.assertEqual(CertificateSeries.objects.get(commune=self.commune).last_sequence, 0)

    def test_a_failed_issue_leaves_no_gap(self):
        with (
            mock.patch(
                "landreg.certificates.verification.signing.sign", side_effect=SigningKeyError("no key")
            ),
            self.assertRaises(SigningKeyError),
        ):
            self.issue(right=self.right_a)
        self.assertEqual(self.issue(right=self.right_c).sequence, 1)

    def test_issuing_twice_returns_the_certificate_in_force(self):
        first, created = certificate_issue(right=self.right_c, actor=self.registrar)
        again, created_again = certificate_issue(right=self.right_c, actor=self.registrar)
        self.assertEqual((first.pk, created, created_again), (again.pk, True, False))
        self.assertEqual(Certificate.objects.count(), 1)

    def test_a_village_code_built_on_its_communes_is_not_repeated_in_the_number(self):
        # The demo's village SAB-C of commune SAB under the Burkina Faso pattern.
        number = format_number(
            "APFR-{commune}-{village}-{seq:05d}", commune="SAB", village="SAB-C", year=2026, seq=1
        )
        self.assertEqual(number, "APFR-SAB-C-00001")
        # A commune code built on its country's, when the pattern names both.
        number = format_number(
            "CF-{country}-{commune}-{seq:06d}", country="CI", commune="CI-KO", village="V", year=2026, seq=3
        )
        self.assertEqual(number, "CF-CI-KO-000003")

    def test_codes_not_built_on_their_parents_are_kept_whole(self):
        cases = [
            ("{commune}-{village}-{seq}", "SAB", "SABTENGA", "SAB-SABTENGA-1"),  # no separator after SAB
            ("{commune}-{village}-{seq}", "SAB", "SAB", "SAB-SAB-1"),  # the same code
            ("{commune}-{village}-{seq}", "SAB", "NAB-C", "SAB-NAB-C-1"),
            ("{village}-{seq}", "SAB", "SAB-C", "SAB-C-1"),  # the pattern does not name the commune
        ]
        for pattern, commune, village, expected in cases:
            with self.subTest(village=village):
                self.assertEqual(
                    format_number(pattern, commune=commune, village=village, year=2026, seq=1), expected
                )

    def test_format_number_pads_the_sequence(self):
        self.assertEqual(
            format_number("{commune}-{seq:05d}", commune="C", village="V", year=2026, seq=7), "C-00007"
        )


@skipUnlessDBFeature("has_select_for_update")
class ConcurrentNumberingTests(TransactionTestCase):
    """Two registrars press "issue" at the same moment, on PostGIS (SQLite serialises whole transactions)."""

    serialized_rollback = True  # keeps the code lists loaded by data migrations for the tests after this one

    def test_two_registrars_at_once_get_consecutive_numbers_without_gap_or_duplicate(self):
        from landreg.accounts.roles import Role

        _c, _r, commune, village_a, _b = make_territory()
        registrars = [make_user(f"reg{i}", Role.REGISTRAR, commune) for i in range(2)]
        rights = []
        for i in range(8):
            parcel = parcel_record(village=village_a, geometry=square(300 * i, 5000), survey_method="gps")
            holder = make_person(village_a, last_name=f"Kaboré{i}")
            rights.append(
                right_register(
                    parcel=parcel,
                    right_type="customaryType",
                    holders=[HolderShare(party=holder)],
                    tenure_system="customary",
                    legal_basis="Loi 034-2009/AN, art. 36",
                )
            )
        barrier = threading.Barrier(2)
        errors = []

        def work(registrar, mine):
            try:
                barrier.wait(timeout=10)
                for right in mine:
                    certificate_issue(right=right, actor=registrar)
            except Exception as exc:  # reported below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=work, args=(registrars[i], rights[i::2])) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(errors, [])
        sequences = sorted(Certificate.objects.values_list("sequence", flat=True))
        self.assertEqual(sequences, list(range(1, 9)))
        self.assertEqual(CertificateSeries.objects.get(commune=commune).last_sequence, 8)
        self.assertEqual(connection.vendor, "postgresql")
