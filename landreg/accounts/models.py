import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from landreg.accounts.roles import Role
from landreg.core import clock


def full_name_or_login(first_name: str, last_name: str, username: str) -> str:
    """A user's first and last names (as Django's ``get_full_name``), or their login name when they have
    none: for the pages that read these three columns without the account (a parcel's history)."""
    return f"{first_name} {last_name}".strip() or username


class UserQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """An update sends no signal: the rows kept for requests (accounts.user_cache) are forgotten here."""
        from landreg.accounts.user_cache import forget_user

        ids = list(self.values_list("pk", flat=True))
        updated = super().update(**kwargs)
        for pk in ids:
            forget_user(pk)
        return updated


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True


class User(AbstractUser):
    """A registry user; what they may do comes from their role assignments on administrative units."""

    # Changed by every grant and revocation (accounts.services), in their transaction: the processes keep the
    # user's unit permissions in memory under (id, grants_key), and the key comes with the user's row, read
    # from the database at each request, so a revoked role stops working at the next request everywhere.
    grants_key = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    @property
    def display_name(self) -> str:
        """The person, as histories and audit lists name who did something: « Awa Sawadogo », or the login
        name of an account whose names were not filled in."""
        return full_name_or_login(self.first_name, self.last_name, self.get_username())

    def save(self, *args, **kwargs):
        # A full save writes every column from the instance, which may have been read before a grant or a
        # revocation (e.g. the admin's user form): it must not put back an older grants_key, whose cached
        # permissions would then be taken for the current ones. Only the grant services write the key.
        if kwargs.get("update_fields") is None and not (self._state.adding or kwargs.get("force_insert")):
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "grants_key"
            ]
        super().save(*args, **kwargs)


class RoleAssignment(models.Model):
    """Who holds which role on which unit, since when, granted by whom; revocations keep the row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name=_("administrative unit"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), default=clock.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["unit__path", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(revoked_at__isnull=True),
                name="role_assignment_active_unique",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
