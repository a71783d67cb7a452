"""Kyrgyz is the state language: a draft without its Kyrgyz title or text is flagged to the
editor before publishing (refused with SEP_REQUIRE_KYRGYZ), and the Kyrgyz page says that it
shows the Russian text. Drafts may also carry an English title and summary for foreign readers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import TEXT_KY, TEXT_RU, make_draft, publish


@pytest.fixture
def russian_only(body, editor):
    return make_draft(body, title_ru="О медиации", title_ky="", text_ru=TEXT_RU, by=editor)


def test_the_publish_page_warns_the_editor_of_what_is_not_in_kyrgyz(
    client_for, editor, russian_only
):
    page = client_for(editor).get(reverse("drafts:staff-publish", args=[russian_only.reference]))
    assert "Not yet in Kyrgyz: title, text of the act" in page.text


def test_a_bilingual_draft_gets_no_warning(client_for, editor, body):
    draft = make_draft(body, title_ky="Медиация жөнүндө", text_ky=TEXT_KY, by=editor)
    page = client_for(editor).get(reverse("drafts:staff-publish", args=[draft.reference]))
    assert "Not yet in Kyrgyz" not in page.text


def test_publishing_without_kyrgyz_is_refused_where_the_setting_requires_it(settings, russian_only):
    settings.SEP_REQUIRE_KYRGYZ = True
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="state language"):
        russian_only.publish(start=today, end=today + datetime.timedelta(days=29))
    settings.SEP_REQUIRE_KYRGYZ = False
    publish(russian_only)  # the default only warns


def test_the_kyrgyz_page_says_it_shows_the_russian_text(client, russian_only):
    publish(russian_only)
    kyrgyz = client.get(f"/ky/drafts/{russian_only.reference}/")
    assert "Кыргызча азырынча жок: аталышы, актынын тексти. Орус тилинде көрсөтүлдү." in kyrgyz.text
    russian = client.get(f"/ru/drafts/{russian_only.reference}/")
    assert "Ещё нет на кыргызском" not in russian.text


def test_english_title_and_summary_show_on_the_english_page(
    client, client_for, editor, russian_only
):
    response = client_for(editor).post(
        reverse("drafts:staff-edit", args=[russian_only.reference]),
        {
            "act_type": russian_only.act_type,
            "title_ru": "О медиации",
            "title_ky": "",
            "summary_ru": "",
            "summary_ky": "",
            "title_en": "On mediation",
            "summary_en": "Out-of-court settlement of disputes.",
        },
    )
    assert response.status_code == 302
    russian_only.refresh_from_db()
    publish(russian_only)
    english = client.get(f"/en/drafts/{russian_only.reference}/").text
    assert '<h1 lang="en">On mediation</h1>' in english
    assert "Out-of-court settlement of disputes." in english
    assert (
        '<h1 lang="ru">О медиации</h1>' in client.get(f"/ru/drafts/{russian_only.reference}/").text
    )
