import datetime

from django.urls import reverse
from django.utils import timezone, translation

from drafts.models import Draft, SubjectArea
from tests.factories import TEXT_KY, TEXT_RU, make_draft, publish


def test_draft_page_shows_articles_with_anchors_and_the_discussion(client, draft, editor):
    publish(draft, days=30, by=editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert 'id="article-3"' in response.text
    assert "Планирование закупок" in response.text
    assert "Open for comments until" in response.text or "Closing in" in response.text


def test_kyrgyz_interface_shows_kyrgyz_text_and_falls_back_to_russian(client, body, editor):
    bilingual = make_draft(
        body, title_ky="Сатып алуулар жөнүндө", text_ru=TEXT_RU, text_ky=TEXT_KY, by=editor
    )
    russian_only = make_draft(body, title_ru="Только по-русски", by=editor)
    publish(bilingual, by=editor)
    publish(russian_only, by=editor)
    page = client.get(f"/ky/drafts/{bilingual.reference}/").text
    assert "Жөнгө салуу предмети" in page
    assert "Предмет регулирования" not in page
    fallback = client.get(f"/ky/drafts/{russian_only.reference}/").text
    assert '<h1 lang="ru">Только по-русски</h1>' in fallback


def test_parallel_layout_shows_both_languages_side_by_side(client, body, editor):
    draft = make_draft(body, text_ru=TEXT_RU, text_ky=TEXT_KY, by=editor)
    publish(draft, by=editor)
    page = client.get(draft.get_absolute_url() + "?layout=parallel").text
    assert "Жөнгө салуу предмети" in page and "Предмет регулирования" in page


def test_article_text_is_shown_as_typed_and_a_renumbered_article_says_its_old_number(
    client, body, editor
):
    text = TEXT_RU.replace(
        "Статья 3. Планирование закупок",
        "Статья 3. Электронные закупки\nЗакупки <b>только</b> электронные & открытые.\n"
        "Строка вторая.\n\nВторой абзац.\n"
        "Статья 4. Планирование закупок",
    ).replace("Статья 4. Вступление в силу", "Статья 5. Вступление в силу")
    draft = make_draft(body, by=editor)
    publish(draft, by=editor)
    draft.add_version(text_ru=text, change_note="Электронные закупки", by=editor)
    with translation.override("en"):
        page = client.get(draft.get_absolute_url()).text
    # Markup typed into an article is text on the page, never markup; its lines and
    # paragraphs are kept.
    assert "Закупки &lt;b&gt;только&lt;/b&gt; электронные &amp; открытые.<br>" in page
    assert "<p>Второй абзац.</p>" in page
    assert "<b>только</b>" not in page
    # Planning moved from article 3 to 4: the reader is told, under the article's heading.
    planning = page.split('id="article-4-h"')[1].split("</section>")[0]
    assert '>Article 4. <span lang="ru">Планирование закупок</span></h4>' in planning
    assert "Previously numbered 3" in planning


def test_version_diff_marks_changed_new_removed_and_renumbered_articles(client, draft, editor):
    publish(draft, by=editor)
    revised = (
        TEXT_RU.replace(
            "Статья 3. Планирование закупок",
            "Статья 3. Электронные закупки\nВсе закупки проводятся электронным способом.\n"
            "Статья 4. Планирование закупок",
        )
        .replace("Статья 4. Вступление в силу", "Статья 5. Вступление в силу")
        .replace("десяти дней", "тридцати дней")
        .replace("Статья 2. Основные понятия\n", "")
        .replace(
            "Для целей настоящего Закона используются понятия закупающей организации и поставщика.\n",
            "",
        )
    )
    draft.add_version(text_ru=revised, change_note="Электронные закупки", by=editor)
    response = client.get(reverse("drafts:version-diff", args=[draft.reference]))
    rows = {(row.status, row.section.number, row.section.kind) for row in response.context["rows"]}
    assert ("new", "3", "article") in rows
    assert ("removed", "2", "article") in rows
    assert ("changed", "5", "article") in rows
    assert ("renumbered", "4", "article") in rows
    assert ("unchanged", "1", "article") in rows
    assert "<del>десяти</del>" in response.text
    assert "<ins>тридцати</ins>" in response.text
    assert "(was 4)" in response.text


def test_anonymous_page_is_cached_but_never_stale(
    client, draft, editor, django_assert_max_num_queries
):
    publish(draft, by=editor)
    url = draft.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(1):
        assert "Планирование закупок" in client.get(url).text
    draft.add_version(
        text_ru=TEXT_RU.replace("Планирование закупок", "Годовое планирование"),
        change_note="Заголовок",
        by=editor,
    )
    page = client.get(url).text
    assert "Годовое планирование" in page
    draft.extend(
        until=draft.discussion_last_day + datetime.timedelta(days=3),
        reason="Больше времени",
        by=editor,
    )
    assert "Больше времени" in client.get(url).text


def test_list_filters_by_body_type_subject_and_open_now(client, body, other_body, editor):
    health = SubjectArea.objects.get(slug="health")
    open_law = make_draft(body, title_ru="Открытый закон", by=editor, subject_areas=[health])
    publish(open_law, by=editor)
    closed_order = make_draft(other_body, title_ru="Закрытый приказ", act_type="ministerial_order")
    publish(closed_order, started_days_ago=40)
    closed_order.close()
    page = lambda **q: client.get(reverse("drafts:list"), q).text  # noqa: E731
    assert "Открытый закон" in page(open_now="true") and "Закрытый приказ" not in page(
        open_now="true"
    )
    assert "Закрытый приказ" in page(organization=other_body.pk)
    assert "Открытый закон" not in page(organization=other_body.pk)
    assert "Закрытый приказ" in page(act_type="ministerial_order")
    assert "Открытый закон" in page(subject="health")
    assert "Закрытый приказ" not in page(subject="health")
    assert "Закрытый приказ" in page(status="closed")
    today = timezone.localdate().isoformat()
    assert "Открытый закон" in page(published_from=today)
    assert "Закрытый приказ" not in page(published_from=today)


def test_list_is_paginated(client, body, editor):
    for number in range(25):
        publish(make_draft(body, title_ru=f"Проект номер {number}", text_ru=TEXT_RU, by=editor))
    first = client.get(reverse("drafts:list"))
    assert len(first.context["page"].object_list) == 20
    second = client.get(reverse("drafts:list"), {"page": 2})
    assert len(second.context["page"].object_list) == 5


def test_list_page_size_is_the_setting(client, body, editor, settings):
    settings.SEP_DRAFTS_PER_PAGE = 3
    for number in range(4):
        publish(make_draft(body, title_ru=f"Проект номер {number}", text_ru=TEXT_RU, by=editor))
    assert len(client.get(reverse("drafts:list")).context["page"].object_list) == 3


def test_home_shows_open_closing_and_recent(client, body, editor):
    closing = make_draft(body, title_ru="Скоро закрывается", by=editor)
    publish(closing, days=30, started_days_ago=27, by=editor)
    fresh = make_draft(body, title_ru="Свежий проект", by=editor)
    publish(fresh, days=45, by=editor)
    response = client.get("/ru/")
    assert [d.pk for d in response.context["closing_soon"]] == [closing.pk]
    assert [d.pk for d in response.context["open_drafts"]] == [fresh.pk]
    assert "Скоро закрывается" in response.text


def test_home_lists_each_draft_once_in_short_sections(client, body, editor):
    # Before: the open drafts were listed under "Closing soon", again under "Open for comments
    # now" and a third time under "Recently published" — 6,600 px of the same cards.
    closing = [
        publish(
            make_draft(body, title_ru=f"Закрывается {n}", by=editor),
            days=30,
            started_days_ago=24 + n,
            by=editor,
        )
        for n in range(5)
    ]
    still_open = [
        publish(make_draft(body, title_ru=f"Открыт {n}", by=editor), days=30 + n, by=editor)
        for n in range(6)
    ]
    response = client.get("/ru/")
    sections = [response.context[name] for name in ("closing_soon", "open_drafts", "recent")]
    shown = [draft.pk for section in sections for draft in section]
    assert len(shown) == len(set(shown)), "a draft is shown in two sections"
    # The most urgent first; the rest of the open ones after; a link to all of them.
    assert [d.pk for d in sections[0]] == [d.pk for d in reversed(closing)][:3]
    assert {d.pk for d in sections[1]} <= {d.pk for d in closing + still_open}
    assert len(shown) <= 11
    for draft in closing + still_open:
        assert response.text.count(f'href="{draft.get_absolute_url()}"') <= 1
    assert "?open_now=true" in response.text


def test_language_switch_sticks(client, draft, editor):
    publish(draft, by=editor)
    response = client.get(
        reverse("switch-language", args=["ru"]), {"next": f"/ky/drafts/{draft.reference}/"}
    )
    assert response["Location"] == f"/ru/drafts/{draft.reference}/"
    assert client.get("/")["Location"].startswith("/ru/")
    evil = client.get(reverse("switch-language", args=["en"]), {"next": "https://evil.example/"})
    assert evil["Location"] == "/en/"


def test_status_labels_are_translated(client, draft, editor):
    publish(draft, by=editor)
    with translation.override("ru"):
        assert str(Draft.Status.DISCUSSION.label) == "Общественное обсуждение"
    assert "Общественное обсуждение" in client.get(f"/ru/drafts/{draft.reference}/").text


def test_atom_feed_follows_the_list_filters(client, body, other_body, editor):
    ours = publish(make_draft(body, title_ru="Наш проект", by=editor), by=editor)
    publish(make_draft(other_body, title_ru="Чужой проект"))
    make_draft(body, title_ru="Готовится")
    feed = client.get("/ru/feeds/drafts/", {"organization": body.pk})
    assert feed["Content-Type"].startswith("application/atom+xml")
    text = feed.content.decode()
    assert ours.reference in text and "Чужой проект" not in text and "Готовится" not in text
