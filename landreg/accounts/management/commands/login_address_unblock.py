"""Lift the block of client addresses that met the limit of failed logins per address (address_limit).

    manage.py login_address_unblock 203.0.113.40 [198.51.100.23 ...]

For an office whose device kept trying an old password, or a block an administrator judges mistaken: the
address's counted failures are forgotten; the lockout of a user name (django-axes) is lifted apart, in the
admin or with ``manage.py axes_reset``. Each lift is logged as a warning."""

import ipaddress
import logging

from django.core.management.base import BaseCommand, CommandError

from landreg.accounts.address_limit import address_unblock

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Lift the block of client addresses that met the limit of failed logins per address."

    def add_arguments(self, parser):
        parser.add_argument("addresses", nargs="+", help="IPv4 or IPv6 addresses, as the server sees them")

    def handle(self, *args, **options):
        addresses = []
        for text in options["addresses"]:
            try:
                addresses.append(str(ipaddress.ip_address(text.strip())))
            except ValueError as exc:
                raise CommandError(f"Not an IP address: {text!r}. Nothing was changed.") from exc
        for address in addresses:
            left = address_unblock(address)
            if left:
                log.warning("login block of %s lifted by an administrator (%d s left)", address, left)
                self.stdout.write(f"{address}: blocked for {left} s more; lifted.")
            else:
                self.stdout.write(f"{address}: not blocked; its failed logins are forgotten.")
