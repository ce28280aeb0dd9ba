"""A TransactionTestCase that starts from the migrations' rows wherever the suite puts it.

Django's ``serialized_rollback`` loads the rows saved after migrating (content types, presets, code lists)
into tables it expects empty; but a TransactionTestCase without it (every live-server browser test) flushes
at its end and lets post_migrate re-create the content types with new ids, and the next load then collides
on them ("admin.logentry already exists"). Emptying the tables first makes the load independent of order.
"""

from django.core.management import call_command
from django.test import TransactionTestCase


class FromMigratedRowsTestCase(TransactionTestCase):
    serialized_rollback = True

    @classmethod
    def _fixture_setup(cls):
        for alias in cls._databases_names(include_mirrors=False):
            call_command("flush", verbosity=0, interactive=False, database=alias, inhibit_post_migrate=True)
        super()._fixture_setup()
