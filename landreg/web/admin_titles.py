"""The Django admin's own page titles and words, said again in our French.

Django's French titles the add and change pages « Ajout de %s » and « Modification de %s »: with our models'
names that reads « Ajout de utilisateur », « Modification de unité administrative ». The root catalogue, read
before Django's, translates the same msgids the way Django's French words the view page (« Afficher %s ») and
its buttons (« Ajouter %(name)s »): « Ajouter utilisateur », « Modifier unité administrative », right for
every model's name, vowel or not. The marks below keep these msgids in the catalogue at `make messages`."""

from django.utils.translation import gettext_noop

ADMIN_TITLES = (gettext_noop("Add %s"), gettext_noop("Change %s"))

# Django's French tells whoever adds a user « vous pourrez modifiez davantage de ses options »: after
# « pourrez » the verb is an infinitive, « modifier ». Corrected the same way, in the root catalogue.
ADMIN_WORDING = (gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),)
