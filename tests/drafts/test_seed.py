import io
from collections import Counter

import pytest
from django.core.management import call_command

from accounts.models import Membership, Organization, User
from comments.models import Answer, Comment, Vote
from drafts.demo_data import load_drafts
from drafts.models import Draft, Section
from plans.models import LegislativePlan, PlanItem


@pytest.mark.django_db
def test_state_bodies_of_the_action_plan_are_seeded():
    names = set(Organization.objects.values_list("name_en", flat=True))
    for body in [
        "Ministry of Justice",
        "Ministry of Finance",
        "Ministry of Health",
        "Ministry of Education and Science",
        "Ministry of Internal Affairs",
        "Ministry of Emergency Situations",
        "State Committee of Information Technologies and Communications",
        "State Registration Service",
        "State Agency for Environmental Protection and Forestry",
        "National Statistical Committee",
    ]:
        assert body in names
    justice = Organization.objects.get(short_name="MJ")
    assert justice.name_ky == "Кыргыз Республикасынын Юстиция министрлиги"


@pytest.mark.django_db
def test_seed_demo_makes_drafts_at_every_stage_and_is_idempotent(client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    stages = Counter(Draft.objects.values_list("status", flat=True))
    assert sum(stages.values()) == 40
    assert set(stages) >= {"preparing", "discussion", "closed", "adopted", "withdrawn", "rejected"}
    assert Draft.objects.closing_soon().exists()
    assert Draft.objects.filter(versions__number=3).exists()
    assert Section.objects.exclude(text_ky="").exclude(text_ru="").exists()
    assert Section.objects.exclude(previous_number="").exists()
    editor = User.objects.get(email="editor@mj.demo.kg")
    assert editor.check_password("demo-password-2026")
    assert editor.emailaddress_set.get().verified  # demo accounts can sign in at once
    assert editor.memberships.get().role == Membership.Role.EDITOR
    assert User.objects.get(email="analyst@minjust.demo.kg").is_moj_analyst
    assert Draft.objects.public().search("мыйзам").exists()
    assert Comment.objects.filter(provision__isnull=False).exists()
    assert Comment.objects.filter(provision__isnull=True).exists()
    assert Answer.objects.filter(decision="accepted").exists()
    alternatives = Comment.objects.alternatives().exclude(explanation="")
    assert alternatives.filter(draft__status="discussion").exists()
    assert alternatives.filter(answer__isnull=False).exists()
    assert Vote.objects.filter(value="oppose").exists()
    statuses = set(PlanItem.objects.with_status().values_list("status", flat=True))
    assert statuses == set(PlanItem.Status.values)
    assert LegislativePlan.objects.filter(status="draft").exists()
    for draft in Draft.objects.public()[:10]:
        assert client.get(draft.get_absolute_url()).status_code == 200


def write_demo_draft(folder, change_notes=""):
    folder.mkdir()
    (folder / "draft.toml").write_text(f'body = "MJ"\n{change_notes}', encoding="utf-8")
    (folder / "v1.ru.txt").write_text("Статья 1\nТекст.\n", encoding="utf-8")
    (folder / "v2.ky.txt").write_text("\ufeff1-берене\r\nТекст.\r\n", encoding="utf-8")


def test_demo_drafts_are_read_from_their_folders_in_order(tmp_path):
    write_demo_draft(tmp_path / "02-second", '[change_notes]\nv2 = "Уточнено."\n')
    write_demo_draft(tmp_path / "01-first", '[change_notes]\nv2 = "Первое."\n')
    first, second = load_drafts(tmp_path)
    assert first["versions"] == [
        {"change_note": "", "text_ru": "Статья 1\nТекст.", "text_ky": ""},
        # An editor's byte-order mark and Windows line ends do not reach the text.
        {"change_note": "Первое.", "text_ru": "", "text_ky": "1-берене\nТекст."},
    ]
    assert second["body"] == "MJ"
    assert second["versions"][1]["change_note"] == "Уточнено."


def test_a_demo_version_without_its_change_note_is_refused(tmp_path):
    write_demo_draft(tmp_path / "01-draft")
    with pytest.raises(ValueError, match="change_notes"):
        load_drafts(tmp_path)
