import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sep.i18n import localized


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person: the e-mail address is the login."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()
    # The password hash is a secret and last_login changes on every sign-in: neither is history.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("moj_analyst", _("Ministry of Justice analyst: all dashboards and exports")),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) <= {"password", "last_login"}:
            # A sign-in (or a rehashed password) changes nothing that history keeps.
            self.skip_history_when_saving = True
            try:
                return super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
        return super().save(*args, **kwargs)

    @property
    def is_moj_analyst(self) -> bool:
        return self.has_perm("accounts.moj_analyst")

    def acts_for_the_state(self) -> bool:
        """Staff, a member of a state body, or anyone granted a permission (moderators, MoJ
        analysts): their pages show more than the public's (drafts.caching.signed_in_page_cache).
        One query."""
        if self.is_staff or self.is_superuser:
            return True
        return (
            User.objects.filter(pk=self.pk)
            .filter(
                Q(memberships__isnull=False)
                | Q(user_permissions__isnull=False)
                | Q(groups__permissions__isnull=False)
            )
            .exists()
        )

    @property
    def must_use_two_factor(self) -> bool:
        """Body staff, moderators, MoJ analysts and administrators act for the state: their
        accounts need a second factor (SEP_REQUIRE_STAFF_2FA)."""
        return (
            self.is_staff
            or self.is_superuser
            or self.memberships.exists()
            or self.has_perm("accounts.moj_analyst")
            or self.has_perm("comments.moderate_comment")
        )


class Organization(models.Model):
    """A state body that develops draft acts."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        COMMITTEE = "committee", _("State committee")
        SERVICE = "service", _("State service")
        AGENCY = "agency", _("State agency")
        INSPECTORATE = "inspectorate", _("State inspectorate")
        FUND = "fund", _("Fund")
        COMMISSION = "commission", _("Commission")
        PROSECUTOR = "prosecutor", _("Prosecutor's office")
        INSTITUTE = "institute", _("Institute")
        OTHER = "other", _("Other body")

    short_name = models.CharField(_("short name"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    name_ky = models.CharField(_("name in Kyrgyz"), max_length=255)
    name_ru = models.CharField(_("name in Russian"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_ru"]
        verbose_name = _("state body")
        verbose_name_plural = _("state bodies")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return localized(self, "name")


class MembershipQuerySet(models.QuerySet):
    def bodies_of(self, user, *, role: str | None = None):
        """The ids of the state bodies `user` is a member of (in `role`, if given), as a
        subquery: the one lookup behind every "bodies this user edits / answers for".

        A superuser reads every body's records (as the admin shows them) but acts for a body,
        `role` given, only through a membership of it, like anyone else.
        """
        if not user.is_authenticated:
            return Organization.objects.none().values("pk")
        if user.is_superuser and role is None:
            return Organization.objects.values("pk")
        memberships = self.filter(user=user)
        if role is not None:
            memberships = memberships.filter(role=role)
        return memberships.values("organization")

    def roles_in(self, user, organization_id) -> set[str]:
        """The roles `user` holds in one body (empty for anyone else)."""
        if not user.is_authenticated:
            return set()
        return set(
            self.filter(user=user, organization=organization_id).values_list("role", flat=True)
        )


class Membership(models.Model):
    """A user's role in one state body. Rights never reach another body's drafts."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor: publishes and revises drafts")
        RESPONDER = "responder", _("Responder: answers comments")

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.organization.short_name} ({self.get_role_display()})"

    @classmethod
    def can_publish(cls, roles) -> bool:
        """Whether holding `roles` in a body lets one publish and revise its drafts."""
        return cls.Role.EDITOR in roles

    @classmethod
    def can_answer(cls, roles) -> bool:
        """Whether holding `roles` in a body lets one answer comments on its drafts."""
        return cls.Role.RESPONDER in roles


class RespondentProfile(models.Model):
    """Who a participant is, asked once: it feeds the public-opinion reports."""

    class Category(models.TextChoices):
        CITIZEN = "citizen", _("Citizen")
        ENTREPRENEUR = "entrepreneur", _("Individual entrepreneur")
        COMPANY = "company", _("Company")
        BUSINESS_ASSOCIATION = "business_association", _("Business association")
        NGO = "ngo", _("Non-governmental organisation")
        ACADEMIA = "academia", _("Academia or expert")
        STATE_BODY = "state_body", _("State body")
        INTERNATIONAL = "international", _("International organisation")
        MEDIA = "media", _("Media")
        OTHER = "other", _("Other")

    class Region(models.TextChoices):
        BISHKEK = "bishkek", _("Bishkek")
        OSH_CITY = "osh_city", _("Osh city")
        BATKEN = "batken", _("Batken oblast")
        JALAL_ABAD = "jalal_abad", _("Jalal-Abad oblast")
        ISSYK_KUL = "issyk_kul", _("Issyk-Kul oblast")
        NARYN = "naryn", _("Naryn oblast")
        OSH = "osh", _("Osh oblast")
        TALAS = "talas", _("Talas oblast")
        CHUY = "chuy", _("Chuy oblast")
        ABROAD = "abroad", _("Abroad")

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="profile")
    category = models.CharField(_("I take part as"), max_length=30, choices=Category.choices)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    organisation_name = models.CharField(_("organisation (optional)"), max_length=255, blank=True)
    show_name = models.BooleanField(
        _("show my name publicly"),
        default=False,
        help_text=_("Otherwise your comments are signed like “citizen, Chuy oblast”."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("respondent profile")
        verbose_name_plural = _("respondent profiles")

    def __str__(self):
        return f"{self.user} ({self.category}, {self.region})"

    @property
    def consented_name(self) -> str:
        """The name to show publicly, or "" when the participant did not agree to it."""
        if not (self.show_name and self.user.get_full_name()):
            return ""
        name = self.user.get_full_name()
        return f"{name} ({self.organisation_name})" if self.organisation_name else name

    @classmethod
    def anonymous_label(cls, category: str, region: str) -> str:
        """“Citizen, Chuy oblast”, in the reader's language."""
        return f"{cls.Category(category).label}, {cls.Region(region).label}"


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A free key for the open-data API: it raises the caller's rate limit, nothing else.

    Only a hash is stored; the key itself is shown once, when it is issued.
    """

    PREFIX = "sep_"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_keys")
    name = models.CharField(_("what it is for"), max_length=100)
    # The first characters, so the owner can tell keys apart; not enough to use one.
    prefix = models.CharField(max_length=12)
    hashed_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["hashed_key"])
    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.prefix}… ({self.name})"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, name: str) -> tuple["ApiKey", str]:
        """A new key for `user`: returns the stored record and the key, which is not kept."""
        key = cls.PREFIX + secrets.token_urlsafe(32)
        api_key = cls.objects.create(
            user=user, name=name.strip(), prefix=key[:12], hashed_key=cls.hash(key)
        )
        return api_key, key

    @classmethod
    def lookup(cls, key: str):
        """The active key record for `key`, or None."""
        return cls.objects.active().select_related("user").filter(hashed_key=cls.hash(key)).first()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
