"""The benchmark database, for bench/run, bench/load and bench/faults (through bench/load_setup.sh).

    manage.py bench_setup drafts --at-least 2000        # seed_bulk up to that many public drafts
    manage.py bench_setup participants --citizens 300   # JSON for bench/loadgen.py, on stdout
    manage.py bench_setup count-stored --keys FILE      # comments stored with those keys
    manage.py bench_setup count-stored --run RUN        # comments stored by bench/post_comment.lua
    manage.py bench_setup references --count 5000       # public drafts, one a line, shuffled

Every step may run again on the same database: it tops up what is missing and reuses the rest.
"""

import json
import random
import uuid
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import TextField
from django.db.models.functions import Cast

from accounts.models import Membership, RespondentProfile, User
from comments.bulk import create_bulk_comments
from comments.models import Comment
from drafts.models import Draft

READ_DRAFTS = 50  # the drafts readers open: the newest under discussion
RESPONDER_EMAIL = "load-responder@example.kg"


def citizen_email(n: int) -> str:
    return f"load-citizen-{n}@example.kg"


def signed_in(user: User) -> str:
    """The key of a new session signed in as `user`, as a sign-in through the form makes it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def citizens(count: int) -> list[User]:
    """`count` citizens who may comment at once: a confirmed e-mail address and a profile."""
    emails = [citizen_email(n) for n in range(count)]
    known = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    User.objects.bulk_create([User(email=e) for e in emails if e not in known])
    users = list(User.objects.filter(email__in=emails).order_by("email"))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        ignore_conflicts=True,
    )
    RespondentProfile.objects.bulk_create(
        [RespondentProfile(user=u, category="citizen", region="chuy") for u in users],
        ignore_conflicts=True,
    )
    return users


def new_run() -> str:
    """A fresh middle for bench/post_comment.lua's keys (`<thread>-<run>-<counter>`): three
    groups of a random UUID4, so every key is a valid UUID and no run repeats another's keys
    (a repeated key is answered with the earlier comment, which the count then missed)."""
    return str(uuid.uuid4())[9:23]


def run_key_part(run: str) -> str:
    try:
        key = uuid.UUID(f"00000000-{run}-000000000000")
    except ValueError:
        raise CommandError(f"--run must look like 1a2b-4c3d-8e4f, got {run!r}") from None
    return str(key)[9:23]


class Command(BaseCommand):
    help = "Prepare the benchmark database (bench/*) and count what a benchmark stored."

    def add_arguments(self, parser):
        steps = parser.add_subparsers(dest="step", required=True)
        drafts = steps.add_parser("drafts", help="seed public drafts up to --at-least")
        drafts.add_argument("--at-least", type=int, required=True)
        drafts.add_argument("--sections", type=int, default=20, help="articles per new draft")
        people = steps.add_parser(
            "participants",
            help="signed-in citizens and a responder; prints the JSON bench/loadgen.py reads",
        )
        people.add_argument("--citizens", type=int, default=300)
        people.add_argument(
            "--busy-comments",
            type=int,
            default=0,
            help="comments the newest draft under discussion must carry (its reference is "
            "busy_draft in the JSON)",
        )
        stored = steps.add_parser("count-stored", help="comments stored with these keys")
        which = stored.add_mutually_exclusive_group(required=True)
        which.add_argument("--keys", type=Path, help="a file of submission keys, one a line")
        which.add_argument("--run", help="the run part of bench/post_comment.lua's keys")
        references = steps.add_parser(
            "references",
            help="public drafts' references, one a line, in a fixed random order "
            "(bench/cold_drafts.lua opens each once)",
        )
        references.add_argument("--count", type=int, default=5000)

    def handle(self, *args, step, **options):
        if step == "drafts":
            self.seed_drafts(options["at_least"], options["sections"])
        elif step == "participants":
            setup = self.participants(options["citizens"], options["busy_comments"])
            self.stdout.write(json.dumps(setup))
        elif step == "references":
            self.stdout.write("\n".join(self.references(options["count"])))
        else:
            self.stdout.write(str(self.count_stored(options["keys"], options["run"])))

    def seed_drafts(self, at_least: int, sections: int) -> None:
        missing = at_least - Draft.objects.public().count()
        if missing > 0:
            call_command("seed_bulk", drafts=missing, sections=sections, stdout=self.stdout)

    def participants(self, citizen_count: int, busy_comments: int) -> dict:
        if citizen_count < 1:
            raise CommandError("--citizens must be positive")
        open_drafts = Draft.objects.open_for_comments()
        by_age = list(open_drafts.order_by("pk").values_list("pk", "reference")[:3])
        if len(by_age) < 3:
            raise CommandError("fewer than 3 drafts under discussion: run `bench_setup drafts`")
        newest = list(open_drafts.order_by("-pk")[:READ_DRAFTS])
        busy = newest[0]
        missing = busy_comments - busy.comments.count()
        if missing > 0:
            create_bulk_comments([busy.pk], missing)
        # Citizens post on one draft (the third oldest, apart from the ones readers open most);
        # its body's responder answers them.
        post_pk, post_reference = by_age[2]
        responder, _created = User.objects.get_or_create(email=RESPONDER_EMAIL)
        Membership.objects.get_or_create(
            user=responder,
            organization=Draft.objects.get(pk=post_pk).organization,
            role=Membership.Role.RESPONDER,
        )
        return {
            "drafts": [draft.reference for draft in newest],
            "post_draft": post_reference,
            "busy_draft": busy.reference,
            "quiet_draft": by_age[0][1],
            "citizens": [signed_in(user) for user in citizens(citizen_count)],
            "responder": signed_in(responder),
            "run": new_run(),
        }

    def references(self, count: int) -> list[str]:
        # A fixed seed: two runs on one database open the same drafts, so they compare.
        references = list(Draft.objects.public().order_by("pk").values_list("reference", flat=True))
        random.Random(15).shuffle(references)
        return references[:count]

    def count_stored(self, keys_file: Path | None, run: str | None) -> int:
        if keys_file is not None:
            keys = keys_file.read_text().split()
            return Comment.objects.filter(submission_key__in=keys).count()
        part = run_key_part(run)
        return (
            Comment.objects.annotate(key_text=Cast("submission_key", TextField()))
            .filter(key_text__contains=f"-{part}-")
            .count()
        )
