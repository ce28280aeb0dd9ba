"""python manage.py export_parcels OUT --format gpkg|geojson|csv|shp|ladm --user NAME [--unit CODE]"""

import shutil
import tempfile

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from landreg.core.exceptions import RegistryError
from landreg.parcels.exporting import FORMATS, export_parcels


class Command(BaseCommand):
    help = "Export the parcels a user may see (the user's permissions decide the scope)."

    def add_arguments(self, parser):
        parser.add_argument("out")
        parser.add_argument("--format", choices=sorted(FORMATS), required=True)
        parser.add_argument("--user", required=True, help="export what this user may see")
        parser.add_argument("--unit", help="code of a commune or village to narrow the export")

    def handle(self, *args, **options):
        try:
            user = get_user_model().objects.get(username=options["user"])
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user {options['user']}") from exc
        with tempfile.TemporaryDirectory(prefix="landreg-export-") as directory:
            try:
                path, _name = export_parcels(
                    user=user, fmt=options["format"], unit_code=options["unit"], directory=directory
                )
            except RegistryError as exc:
                raise CommandError(str(exc)) from exc
            shutil.copyfile(path, options["out"])
        self.stdout.write(f"Wrote {options['out']}")
