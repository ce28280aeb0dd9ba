"""``{{ reason|message_said }}``: a message the registry stored as text, in the reader's language
(core.stored_messages)."""

from django import template

from landreg.core.stored_messages import message_said

register = template.Library()
register.filter("message_said", message_said)
