"""Every URL of the portal × every role, with the status each must get.

The URL names come from the resolver: a new page that is neither in `GET_CASES` nor in
`EXCLUDED` fails `test_every_url_name_is_in_the_matrix`, so nobody adds a page without saying
who may open it. Write actions are also posted by every role that must not use them, and the
whole record is compared before and after: a refused POST changes nothing."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from accounts.models import ApiKey
from comments.models import (
    Answer,
    CampaignAnswer,
    CampaignDecision,
    Comment,
    CommentReport,
    Subscription,
    Vote,
)
from drafts.models import Attachment, Draft, Version
from plans.models import LegislativePlan, PlanImport, PlanItem
from reports.models import Report
from tests.factories import PDF

from .conftest import ROLES

# --- Expected statuses ------------------------------------------------------------------------


def statuses(default: int, **by_role: int) -> dict[str, int]:
    unknown = set(by_role) - set(ROLES)
    assert not unknown, unknown
    return {role: by_role.get(role, default) for role in ROLES}


PUBLIC = statuses(200)
EVERYONE_REDIRECTED = statuses(302)
NOBODY = statuses(404)
SIGNED_IN = statuses(200, anonymous=302)
# Sign-in first (anonymous → the login page), then the method: these pages only take POST.
POST_ONLY = statuses(405, anonymous=302)
# Something of our body not yet public: its members see it, everyone else gets 404.
OUR_BODY_ONLY = statuses(404, editor=200, responder=200)
# A public object of our body: its editor may change it; anyone else may read it but not change
# it (403); anonymous users are sent to sign in.
OUR_EDITOR_PUBLIC = statuses(403, anonymous=302, editor=200)
# A private object of our body: its editor may change it, its responder may not (403), and for
# everyone else it does not exist (404).
OUR_EDITOR_PRIVATE = statuses(404, anonymous=302, editor=200, responder=403)
EDITORS_OF_ANY_BODY = statuses(404, anonymous=302, editor=200, outsider_editor=200)
ANALYST_ONLY = statuses(403, anonymous=302, analyst=200)


@dataclass
class Case:
    name: str
    kwargs: Any  # world → URL kwargs
    expected: dict[str, int]
    what: str = ""
    query: str = ""


def ours(key, attr="reference", param="reference"):
    return lambda w: {param: getattr(w["ours"][key], attr)}


def draft_and(key, draft="discussion", **extra):
    def kwargs(w):
        found = {"reference": w["ours"][draft].reference}
        for param, (obj, attr) in extra.items():
            found[param] = getattr(w["ours"][obj], attr)
        return found

    return kwargs


def pk_of(key):
    return lambda w: {"pk": w["ours"][key].pk}


def plan_and_item(plan, item):
    return lambda w: {"pk": w["ours"][plan].pk, "item_pk": w["ours"][item].pk}


YEAR = timezone.localdate().year
API_ENDPOINTS = [
    "draft",
    "version",
    "comment",
    "alternative",
    "plan",
    "plan-item",
    "report",
    "subject-area",
]

GET_CASES = [
    # --- Site-wide pages ---
    Case("healthz", {}, PUBLIC),
    Case("switch-language", {"code": "ru"}, EVERYONE_REDIRECTED),
    Case("home", {}, PUBLIC),
    Case("help", {}, PUBLIC),
    Case("help-page", {"slug": "faq"}, PUBLIC),
    Case("accessibility", {}, PUBLIC),
    Case("open-data", {}, PUBLIC),
    Case("open-data-download", {"dataset": "drafts", "year": YEAR, "fmt": "csv"}, PUBLIC),
    Case("admin:index", {}, EVERYONE_REDIRECTED, "nobody here is staff"),
    # --- The API: the same public data for everyone, signed in or not ---
    Case("api:api-root", {}, PUBLIC),
    Case("api:schema", {}, PUBLIC),
    Case("api:docs", {}, PUBLIC),
    *[Case(f"api:{name}-list", {}, PUBLIC) for name in API_ENDPOINTS],
    Case("api:draft-detail", pk_of("discussion"), PUBLIC, "public draft"),
    Case("api:draft-detail", pk_of("preparing"), NOBODY, "draft being prepared"),
    Case(
        "api:version-detail",
        lambda w: {"pk": w["ours"]["discussion"].current_version.pk},
        PUBLIC,
        "public version",
    ),
    Case(
        "api:version-detail",
        lambda w: {"pk": w["ours"]["preparing"].current_version.pk},
        NOBODY,
        "version of a draft being prepared",
    ),
    Case("api:comment-detail", pk_of("comment"), PUBLIC, "published comment"),
    # A hidden comment stays listed as a placeholder, without text or author (test_leaks).
    Case("api:comment-detail", pk_of("hidden"), PUBLIC, "hidden comment"),
    Case("api:alternative-detail", pk_of("comment"), NOBODY, "a comment is no alternative"),
    Case("api:plan-detail", pk_of("plan"), PUBLIC, "approved plan"),
    Case("api:plan-detail", pk_of("draft_plan"), NOBODY, "plan being drawn up"),
    Case("api:plan-item-detail", pk_of("item"), PUBLIC, "item of an approved plan"),
    Case("api:plan-item-detail", pk_of("draft_item"), NOBODY, "item of a plan being drawn up"),
    Case("api:report-detail", pk_of("published_report"), PUBLIC, "published report"),
    Case("api:report-detail", pk_of("unpublished_report"), NOBODY, "unpublished report"),
    Case("api:subject-area-detail", pk_of("area"), PUBLIC),
    # --- Drafts, public side ---
    Case("drafts:list", {}, PUBLIC),
    Case("drafts:feed", {}, PUBLIC),
    Case("drafts:feed-body", ours("body", "short_name", "short_name"), PUBLIC),
    Case("drafts:feed-subject", ours("area", "slug", "slug"), PUBLIC),
    Case("drafts:feed-versions", {}, PUBLIC),
    Case("reports:feed", {}, PUBLIC),
    Case("drafts:detail", ours("discussion"), PUBLIC, "in discussion"),
    Case("drafts:detail", ours("preparing"), OUR_BODY_ONLY, "being prepared"),
    Case("drafts:version", lambda w: {**ours("discussion")(w), "number": 1}, PUBLIC),
    Case(
        "drafts:version",
        lambda w: {**ours("preparing")(w), "number": 1},
        OUR_BODY_ONLY,
        "being prepared",
    ),
    Case(
        "drafts:version-text",
        lambda w: {**ours("discussion")(w), "number": 1, "language": "ru", "fmt": "pdf"},
        PUBLIC,
    ),
    Case(
        "drafts:version-text",
        lambda w: {**ours("preparing")(w), "number": 1, "language": "ru", "fmt": "docx"},
        OUR_BODY_ONLY,
        "being prepared",
    ),
    Case("drafts:version-diff", ours("discussion"), PUBLIC, "two versions"),
    Case(
        "drafts:version-diff",
        ours("preparing"),
        statuses(404, editor=302, responder=302),
        "being prepared, one version: back to the draft",
    ),
    Case("drafts:attachment", draft_and("", pk=("attachment", "pk")), PUBLIC),
    Case(
        "drafts:attachment",
        draft_and("", draft="preparing", pk=("preparing_attachment", "pk")),
        OUR_BODY_ONLY,
        "of a draft being prepared",
    ),
    # --- Drafts, staff side ---
    Case(
        "drafts:staff-list",
        {},
        statuses(
            403,
            anonymous=302,
            editor=200,
            responder=200,
            outsider_editor=200,
            outsider_responder=200,
        ),
    ),
    Case("drafts:staff-create", {}, EDITORS_OF_ANY_BODY),
    *[
        case
        for name in ["detail", "edit", "version-new", "attachment-new", "publish", "extend"]
        for case in (
            Case(f"drafts:staff-{name}", ours("discussion"), OUR_EDITOR_PUBLIC, "in discussion"),
            Case(f"drafts:staff-{name}", ours("preparing"), OUR_EDITOR_PRIVATE, "being prepared"),
        )
    ],
    Case("drafts:staff-close", ours("discussion"), POST_ONLY),
    Case("drafts:staff-outcome", ours("summarised"), POST_ONLY),
    # --- Comments ---
    Case(
        "comments:new",
        ours("discussion"),
        # Anyone may start writing (the text waits through sign-up); staff fixtures have no
        # confirmed e-mail: they are sent to confirm it first.
        statuses(302, citizen=200, other_citizen=200, anonymous=200),
        "open discussion",
    ),
    Case("comments:new", ours("preparing"), statuses(404), "being prepared"),
    Case(
        "comments:alternative",
        ours("discussion"),
        statuses(302, citizen=200, other_citizen=200),
        "open discussion",
    ),
    Case("comments:alternative", ours("preparing"), statuses(404, anonymous=302), "being prepared"),
    Case("comments:thread", ours("discussion"), PUBLIC),
    Case("comments:thread", ours("preparing"), OUR_BODY_ONLY, "being prepared"),
    Case("comments:alternatives", ours("discussion"), PUBLIC),
    Case("comments:alternatives", ours("preparing"), OUR_BODY_ONLY, "being prepared"),
    Case("comments:campaign", draft_and("", pk=("comment", "pk")), PUBLIC),
    Case("comments:file", pk_of("comment"), PUBLIC, "published comment"),
    Case("comments:file", pk_of("hidden"), NOBODY, "hidden comment"),
    Case("comments:vote", ours("discussion"), POST_ONLY),
    Case("comments:agree", pk_of("comment"), POST_ONLY),
    Case("comments:follow", {}, POST_ONLY),
    Case("comments:report", pk_of("comment"), SIGNED_IN),
    Case("comments:mine", {}, SIGNED_IN),
    Case("comments:subscriptions", {}, SIGNED_IN),
    Case("comments:moderation-log", {}, PUBLIC),
    Case("comments:unsubscribe", lambda w: {"token": w["unsubscribe_token"]}, PUBLIC),
    Case("comments:unsubscribe", {"token": "forged"}, NOBODY, "forged token"),
    Case("comments:moderation", {}, statuses(403, moderator=200)),
    Case("comments:moderate", pk_of("comment"), statuses(403, moderator=405)),
    Case(
        "comments:queue",
        {},
        statuses(404, anonymous=302, responder=200, outsider_responder=200),
    ),
    Case("comments:answer", pk_of("comment"), statuses(403, anonymous=302, responder=200)),
    Case("comments:campaign-answer", pk_of("comment"), POST_ONLY),
    Case("comments:campaign-split", pk_of("comment"), POST_ONLY),
    Case("comments:campaign-merge", draft_and("", pk=("comment", "pk")), POST_ONLY),
    # --- Plans ---
    Case("plans:items", {}, PUBLIC),
    Case("plans:items", {}, PUBLIC, "CSV export", query="format=csv"),
    Case("plans:items", {}, PUBLIC, "XLSX export", query="format=xlsx"),
    Case("plans:item", pk_of("item"), PUBLIC, "of an approved plan"),
    Case("plans:item", pk_of("draft_item"), OUR_BODY_ONLY, "of a plan being drawn up"),
    Case("plans:import-template", {"fmt": "csv"}, PUBLIC),
    Case(
        "plans:body-year",
        lambda w: {"short_name": w["ours"]["body"].short_name, "year": YEAR},
        PUBLIC,
    ),
    Case("plans:staff-plans", {}, EDITORS_OF_ANY_BODY),
    *[
        case
        for name in ["staff-plan", "staff-plan-edit", "staff-item-new", "staff-import"]
        for case in (
            Case(f"plans:{name}", pk_of("plan"), OUR_EDITOR_PUBLIC, "approved plan"),
            Case(f"plans:{name}", pk_of("draft_plan"), OUR_EDITOR_PRIVATE, "plan being drawn up"),
        )
    ],
    Case("plans:staff-plan", pk_of("plan"), OUR_EDITOR_PUBLIC, "CSV export", query="format=csv"),
    *[
        case
        for name in ["staff-item-edit", "staff-item-drop"]
        for case in (
            Case(f"plans:{name}", plan_and_item("plan", "item"), OUR_EDITOR_PUBLIC, "approved"),
            Case(
                f"plans:{name}",
                plan_and_item("draft_plan", "draft_item"),
                OUR_EDITOR_PRIVATE,
                "being drawn up",
            ),
        )
    ],
    Case("plans:staff-item-link", plan_and_item("plan", "item"), POST_ONLY),
    Case("plans:link-draft", {}, POST_ONLY),
    Case("plans:staff-approve", pk_of("draft_plan"), POST_ONLY),
    Case(
        "plans:staff-import-file",
        lambda w: {"pk": w["ours"]["plan"].pk, "import_pk": w["ours"]["plan_import"].pk},
        OUR_EDITOR_PUBLIC,
    ),
    # --- Reports ---
    Case("reports:latest", ours("summarised"), EVERYONE_REDIRECTED, "published report"),
    Case("reports:latest", ours("closed"), NOBODY, "no published report yet"),
    Case(
        "reports:report",
        lambda w: {"reference": w["ours"]["summarised"].reference, "number": 1},
        PUBLIC,
        "published",
    ),
    Case(
        "reports:report",
        lambda w: {"reference": w["ours"]["closed"].reference, "number": 1},
        OUR_BODY_ONLY,
        "unpublished",
    ),
    *[
        Case(
            "reports:export",
            lambda w, fmt=fmt: {
                "reference": w["ours"]["summarised"].reference,
                "number": 1,
                "fmt": fmt,
            },
            PUBLIC,
            f"published, {fmt}",
        )
        for fmt in ["csv", "xlsx", "json", "pdf"]
    ],
    Case(
        "reports:export",
        lambda w: {"reference": w["ours"]["closed"].reference, "number": 1, "fmt": "json"},
        OUR_BODY_ONLY,
        "unpublished",
    ),
    Case("reports:dashboard", {}, ANALYST_ONLY),
    Case("reports:dashboard", {}, ANALYST_ONLY, "CSV export", query="format=csv"),
    Case("reports:dashboard-body", ours("body", "short_name", "short_name"), ANALYST_ONLY),
    Case("reports:staff-reports", ours("closed"), OUR_EDITOR_PUBLIC),
    Case("reports:staff-build", ours("closed"), POST_ONLY),
    Case(
        "reports:staff-publish",
        lambda w: {"reference": w["ours"]["closed"].reference, "number": 1},
        POST_ONLY,
    ),
    # --- Accounts ---
    Case("accounts:profile", {}, SIGNED_IN),
    Case("accounts:api-keys", {}, SIGNED_IN),
    Case("accounts:api-key-revoke", lambda w: {"pk": w["api_key"].pk}, POST_ONLY),
    # Signed-in users are sent on from the sign-in and sign-up pages.
    Case("account_login", {}, statuses(302, anonymous=200)),
    Case("account_signup", {}, statuses(302, anonymous=200)),
    Case("account_logout", {}, statuses(200, anonymous=302)),
    Case("account_email", {}, SIGNED_IN),
    Case("account_change_password", {}, SIGNED_IN),
    Case("account_reset_password", {}, PUBLIC),
]

# URL names deliberately not in the matrix, each with the reason.
EXCLUDED_PREFIXES = {
    "admin:": "Django admin, gated by its own is_staff check; admin:index stands for it",
    "mfa_": "two-factor pages: tests/test_two_factor.py",
}
EXCLUDED = {
    "account_inactive": "allauth's static 'account inactive' notice",
    "account_reauthenticate": "allauth internals: asked for only inside a sensitive flow",
    "account_email_verification_sent": "allauth's static 'check your mail' notice",
    "account_set_password": "allauth internals: for users without a password (none here)",
    "account_confirm_login_code": "allauth internals: sign-in by code is switched off",
    "account_confirm_email": "allauth internals: needs a mailed key (tests/test_login.py)",
    "account_reset_password_done": "allauth's static 'reset mail sent' notice",
    "account_reset_password_from_key": "allauth internals: needs a mailed key",
    "account_reset_password_from_key_done": "allauth's static 'password changed' notice",
}


def url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_name_is_in_the_matrix():
    covered = {case.name for case in GET_CASES}
    missing = {
        name
        for name in url_names() - covered - set(EXCLUDED)
        if not name.startswith(tuple(EXCLUDED_PREFIXES))
    }
    assert missing == set(), f"add these URLs to the access matrix (or to EXCLUDED): {missing}"
    # The table names no URL that does not exist (a renamed URL is noticed).
    assert covered - url_names() == set()
    assert set(EXCLUDED) <= url_names()


def _url(case, world):
    translation.activate("en")  # a request may have switched the thread's language
    kwargs = case.kwargs(world) if callable(case.kwargs) else case.kwargs
    url = reverse(case.name, kwargs=kwargs)
    return f"{url}?{case.query}" if case.query else url


def test_every_url_gives_every_role_the_expected_status(world, client_for):
    wrong = []
    for role in ROLES:
        client = client_for(world["users"][role])
        for case in GET_CASES:
            url = _url(case, world)
            response = client.get(url)
            if response.status_code != case.expected[role]:
                wrong.append(
                    f"{role:18} GET {url} ({case.what or case.name}): "
                    f"{response.status_code}, expected {case.expected[role]}"
                )
    assert wrong == [], "\n" + "\n".join(wrong)


def test_refusals_for_anonymous_users_lead_to_the_login_page(world, client):
    redirects = [case for case in GET_CASES if case.expected["anonymous"] == 302]
    login = reverse("account_login")
    for case in redirects:
        if case.name in ("switch-language", "reports:latest", "admin:index", "account_logout"):
            continue
        response = client.get(_url(case, world))
        assert response["Location"].startswith(f"{login}?next="), case.name


# --- Write actions by the wrong roles ---------------------------------------------------------


def record() -> dict:
    """Everything a write action could change, compared before and after a refused POST."""
    return {
        "drafts": sorted(
            Draft.objects.values_list(
                "pk", "status", "title_ru", "discussion_ends", "organization_id"
            )
        ),
        "versions": Version.objects.count(),
        "attachments": Attachment.objects.count(),
        "comments": sorted(Comment.objects.values_list("pk", "status", "hidden_reason", "text")),
        "answers": sorted(Answer.objects.values_list("comment_id", "decision", "reasoning")),
        "votes": sorted(Vote.objects.values_list("user_id", "draft_id", "value")),
        "reports": sorted(Report.objects.values_list("pk", "published_at")),
        "plans": sorted(
            LegislativePlan.objects.values_list("pk", "status", "approval_reference", "year")
        ),
        "items": sorted(PlanItem.objects.values_list("pk", "title_ru", "dropped_at", "draft_id")),
        "imports": PlanImport.objects.count(),
        "api_keys": sorted(ApiKey.objects.values_list("pk", "revoked_at")),
        "subscriptions": sorted(Subscription.objects.values_list("pk", "unsubscribed_at")),
        "reports_of_comments": CommentReport.objects.count(),
        "campaigns": sorted(Comment.objects.values_list("pk", "campaign_lead")),
        "campaign_decisions": CampaignDecision.objects.count(),
        "campaign_answers": CampaignAnswer.objects.count(),
    }


@dataclass
class Write:
    name: str
    kwargs: Any
    data: Any  # world → POST data (valid: would succeed for the right role)
    refused: dict[str, tuple[int, ...]]  # role → acceptable statuses
    files: Any = field(default=None)


NOT_SIGNED_IN = (302,)
HIDDEN = (404,)
FORBIDDEN = (403,)


def refused(*, anonymous=NOT_SIGNED_IN, others=(403, 404), **roles):
    """Every role but those named (who may do it) must be refused with these statuses."""
    return {"anonymous": anonymous, **dict.fromkeys(set(ROLES) - {"anonymous"}, others), **roles}


def allowed_for(*roles):
    return dict.fromkeys(roles, None)


def _today(days=0):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _without(mapping, *roles):
    return {role: value for role, value in mapping.items() if role not in roles}


DRAFT_FORM = {
    "organization": "",  # filled in per world
    "act_type": "law",
    "title_ru": "Захват",
    "title_ky": "Басып алуу",
    "summary_ru": "",
    "summary_ky": "",
}

WRITES = [
    Write(
        "drafts:staff-edit",
        ours("discussion"),
        lambda w: {**DRAFT_FORM, "organization": w["ours"]["body"].pk},
        _without(refused(), "editor"),
    ),
    Write(
        "drafts:staff-edit",
        ours("preparing"),
        lambda w: {**DRAFT_FORM, "organization": w["ours"]["body"].pk},
        _without(refused(), "editor"),
    ),
    Write(
        "drafts:staff-create",
        {},
        lambda w: {**DRAFT_FORM, "organization": w["ours"]["body"].pk},
        _without(refused(others=(200, 404)), "editor"),
    ),
    Write(
        "drafts:staff-version-new",
        ours("discussion"),
        lambda w: {"text_ru": "Статья 1. Захват\nТекст.", "text_ky": "", "change_note": "x"},
        _without(refused(), "editor"),
    ),
    Write(
        "drafts:staff-attachment-new",
        ours("discussion"),
        lambda w: {"kind": "other", "title": "Захват"},
        _without(refused(), "editor"),
        files=lambda: {"file": SimpleUploadedFile("x.pdf", PDF, "application/pdf")},
    ),
    Write(
        "drafts:staff-publish",
        ours("preparing"),
        lambda w: {"starts": _today(), "ends": _today(40), "justification": ""},
        _without(refused(), "editor"),
    ),
    Write(
        "drafts:staff-extend",
        ours("discussion"),
        lambda w: {"until": _today(60), "reason": "Захват"},
        _without(refused(), "editor"),
    ),
    Write("drafts:staff-close", ours("discussion"), lambda w: {}, _without(refused(), "editor")),
    Write(
        "drafts:staff-outcome",
        ours("summarised"),
        lambda w: {"status": "adopted", "note": "Захват"},
        _without(refused(), "editor"),
    ),
    Write(
        "plans:staff-plan-edit",
        pk_of("plan"),
        lambda w: {"approval_reference": "Захват", "approved_on": _today(-30)},
        _without(refused(), "editor"),
    ),
    Write(
        "plans:staff-item-new",
        pk_of("plan"),
        lambda w: {"title_ru": "Захват", "title_ky": "", "act_type": "law", "quarter": 3},
        _without(refused(), "editor"),
    ),
    Write(
        "plans:staff-item-edit",
        plan_and_item("plan", "item"),
        lambda w: {"title_ru": "Захват", "title_ky": "", "act_type": "law", "quarter": 3},
        _without(refused(), "editor"),
    ),
    Write(
        "plans:staff-item-drop",
        plan_and_item("plan", "item"),
        lambda w: {"reason": "Захват"},
        _without(refused(), "editor"),
    ),
    Write(
        "plans:staff-item-link",
        lambda w: {"pk": w["ours"]["plan"].pk, "item_pk": w["ours"]["plan"].items.last().pk},
        lambda w: {"draft": w["ours"]["preparing"].reference},
        _without(refused(), "editor"),
    ),
    Write(
        "plans:link-draft",
        {},
        lambda w: {
            "item": w["ours"]["plan"].items.last().pk,
            "draft": w["ours"]["preparing"].reference,
        },
        _without(refused(), "editor"),
    ),
    Write(
        "plans:staff-approve",
        pk_of("draft_plan"),
        lambda w: {"reference": "Захват", "on": _today()},
        _without(refused(), "editor"),
    ),
    Write(
        "plans:staff-import",
        pk_of("plan"),
        lambda w: {},
        _without(refused(), "editor"),
        files=lambda: {
            "file": SimpleUploadedFile("p.csv", "квартал,название\n1,Захват\n".encode(), "text/csv")
        },
    ),
    Write(
        "comments:answer",
        pk_of("comment"),
        lambda w: {"decision": "rejected", "reasoning": "Захват"},
        _without(refused(others=FORBIDDEN), "responder"),
    ),
    Write(
        "comments:queue",
        {},
        lambda w: {
            "decision": "rejected",
            "reasoning": "Захват",
            "comments": [w["ours"]["comment"].pk],
        },
        # The outsider's queue holds only their body's comments: the POST finds none of ours.
        _without(refused(others=HIDDEN, outsider_responder=(200,)), "responder"),
    ),
    Write(
        "comments:moderate",
        pk_of("comment"),
        lambda w: {"reason": "spam", "note": "Захват"},
        _without(refused(anonymous=FORBIDDEN, others=FORBIDDEN), "moderator"),
    ),
    Write(
        "comments:campaign-split",
        pk_of("comment"),
        lambda w: {"reason": "Захват"},
        _without(refused(others=FORBIDDEN), "moderator", "analyst"),
    ),
    Write(
        "comments:campaign-merge",
        draft_and("", pk=("comment", "pk")),
        lambda w: {"other": w["ours"]["comment"].receipt, "reason": "Захват"},
        _without(refused(others=FORBIDDEN), "moderator", "analyst"),
    ),
    Write(
        "comments:campaign-answer",
        pk_of("comment"),
        lambda w: {"decision": "rejected", "reasoning": "Захват"},
        _without(refused(others=FORBIDDEN), "responder"),
    ),
    Write(
        "comments:moderate",
        pk_of("hidden"),
        lambda w: {"action": "restore"},
        _without(refused(anonymous=FORBIDDEN, others=FORBIDDEN), "moderator"),
    ),
    Write(
        "reports:staff-build",
        ours("closed"),
        lambda w: {},
        _without(refused(), "editor"),
    ),
    Write(
        "reports:staff-publish",
        lambda w: {"reference": w["ours"]["closed"].reference, "number": 1},
        lambda w: {},
        _without(refused(), "editor"),
    ),
    # A citizen's own things: nobody else may touch them.
    Write(
        "accounts:api-key-revoke",
        lambda w: {"pk": w["api_key"].pk},
        lambda w: {},
        _without(refused(others=HIDDEN), "citizen"),
    ),
    Write(
        "comments:subscriptions",
        {},
        lambda w: {"subscription": Subscription.objects.get(user=w["users"]["citizen"]).pk},
        _without(refused(others=HIDDEN), "citizen"),
    ),
    # Writes on a draft being prepared: nobody outside the body may even find it.
    Write(
        "comments:vote",
        ours("preparing"),
        lambda w: {"value": "support"},
        refused(others=HIDDEN, editor=(302,), responder=(302,)),
    ),
    Write(
        "comments:follow",
        {},
        lambda w: {"draft": w["ours"]["preparing"].reference},
        _without(refused(others=HIDDEN), "editor", "responder"),
    ),
]


def test_a_write_by_the_wrong_role_is_refused_and_changes_nothing(world, client_for):
    wrong = []
    for write in WRITES:
        kwargs = write.kwargs(world) if callable(write.kwargs) else write.kwargs
        url = reverse(write.name, kwargs=kwargs)
        for role, accepted in write.refused.items():
            before = record()
            data = write.data(world)
            if write.files:
                data.update(write.files())
            response = client_for(world["users"][role]).post(url, data)
            changed = {key for key, value in record().items() if before[key] != value}
            if response.status_code not in accepted or changed:
                wrong.append(
                    f"{role:18} POST {url}: {response.status_code} (expected one of "
                    f"{accepted}), changed: {sorted(changed) or 'nothing'}"
                )
    assert wrong == [], "\n" + "\n".join(wrong)


def test_the_write_checks_can_fail(world, client_for):
    """The right role's POST of the same data does change the record, so the comparison above
    would notice a wrong role getting through."""
    write = next(w for w in WRITES if w.name == "drafts:staff-edit")
    before = record()
    response = client_for(world["users"]["editor"]).post(
        reverse(write.name, kwargs=write.kwargs(world)), write.data(world)
    )
    assert response.status_code == 302
    assert record()["drafts"] != before["drafts"]
