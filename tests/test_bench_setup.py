"""`manage.py bench_setup`, the set-up of bench/run, bench/load and bench/faults, on a small
scale: what it creates is what the benchmarks rely on."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import Membership, User
from comments.models import Comment
from drafts.models import Draft

DRAFTS = 300  # seed_bulk spreads them over two years: a few are under discussion


def bench_setup(*args) -> str:
    out = io.StringIO()
    call_command("bench_setup", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def setup(db):
    bench_setup("drafts", "--at-least", str(DRAFTS), "--sections", "1")
    return json.loads(bench_setup("participants", "--citizens", "3", "--busy-comments", "40"))


def signed_in_as(session_key: str) -> Client:
    client = Client()
    client.cookies["sessionid"] = session_key
    return client


def test_drafts_are_topped_up_not_added_again(db):
    bench_setup("drafts", "--at-least", "5", "--sections", "2")
    assert Draft.objects.public().count() == 5
    bench_setup("drafts", "--at-least", "5", "--sections", "2")
    assert Draft.objects.public().count() == 5
    bench_setup("drafts", "--at-least", "8", "--sections", "2")
    assert Draft.objects.public().count() == 8


def test_the_json_has_what_loadgen_reads(setup):
    assert {"drafts", "post_draft", "citizens", "responder"} <= setup.keys()
    assert {"busy_draft", "quiet_draft", "run"} <= setup.keys()  # bench/run's
    open_references = set(Draft.objects.open_for_comments().values_list("reference", flat=True))
    assert set(setup["drafts"]) <= open_references
    assert {setup["post_draft"], setup["busy_draft"], setup["quiet_draft"]} <= open_references
    assert len(setup["citizens"]) == len(set(setup["citizens"])) == 3


def test_the_busy_draft_carries_the_comments_asked_for(setup):
    busy = Draft.objects.get(reference=setup["busy_draft"])
    assert busy.comments.count() == 40
    again = json.loads(bench_setup("participants", "--citizens", "3", "--busy-comments", "40"))
    assert again["busy_draft"] == setup["busy_draft"]
    assert busy.comments.count() == 40


def test_every_session_is_signed_in(setup):
    emails = {f"load-citizen-{n}@example.kg" for n in range(3)}
    for key in setup["citizens"]:
        user = signed_in_as(key).get("/ru/").wsgi_request.user
        assert user.is_authenticated and user.email in emails
    responder = signed_in_as(setup["responder"]).get("/ru/").wsgi_request.user
    assert responder.email == "load-responder@example.kg"
    post_draft = Draft.objects.get(reference=setup["post_draft"])
    assert Membership.objects.filter(
        user=responder, organization=post_draft.organization, role=Membership.Role.RESPONDER
    ).exists()


def post(setup, citizen: str, key: str):
    return signed_in_as(citizen).post(
        f"/ru/drafts/{setup['post_draft']}/comment/",
        {"position": "proposal", "section": "", "website": "", "key": key, "text": "Проверка"},
    )


def test_citizens_may_comment_and_stored_comments_are_counted(setup, tmp_path):
    # As bench/loadgen.py posts: accepted is a redirect to the comment.
    keys = ["8f0c2b9e-4d51-4c1a-9d7e-0a1b2c3d4e5f", "1b6f9a2c-7e3d-4b8a-8c9d-5e6f7a8b9c0d"]
    for citizen, key in zip(setup["citizens"], keys, strict=False):
        response = post(setup, citizen, key)
        assert response.status_code == 302
        assert re.search(r"#comment-\d+$", response["Location"])
    accepted = tmp_path / "accepted"
    accepted.write_text("\n".join([*keys, "00000000-0000-4000-8000-000000000000"]))
    assert bench_setup("count-stored", "--keys", str(accepted)).strip() == "2"


def test_a_run_counts_only_its_own_keys(setup):
    # bench/post_comment.lua's keys: <thread>-<run>-<counter>.
    previous = json.loads(bench_setup("participants", "--citizens", "3"))["run"]
    assert previous != setup["run"]
    for counter in (1, 2):
        key = f"{1:08x}-{previous}-{counter:012x}"
        assert post(setup, setup["citizens"][0], key).status_code == 302
    key = f"{1:08x}-{setup['run']}-{1:012x}"
    assert post(setup, setup["citizens"][0], key).status_code == 302
    assert bench_setup("count-stored", "--run", previous).strip() == "2"
    assert bench_setup("count-stored", "--run", setup["run"]).strip() == "1"
    assert Comment.objects.filter(author__email="load-citizen-0@example.kg").count() == 3


def test_a_citizen_is_created_once(setup):
    bench_setup("participants", "--citizens", "3")
    assert User.objects.filter(email__startswith="load-citizen-").count() == 3
