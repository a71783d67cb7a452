"""Every main page is well-formed HTML (html5lib in strict mode: any parse error fails, as a
validator would) with unique ids, in each interface language."""

import collections
import re

import html5lib
import pytest

from tests.worlds import build_world

ID_ATTRIBUTE = re.compile(r"""\sid=["']?([^"'\s>]+)""")


def assert_valid_html(response):
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    try:
        html5lib.HTMLParser(strict=True).parse(html)
    except html5lib.html5parser.ParseError:
        # The strict parser stops at the first error without saying where: list them all.
        parser = html5lib.HTMLParser()
        parser.parse(html)
        lines = html.splitlines()
        found = [
            f"line {line}: {code} {data} — {lines[line - 1].strip()[:160]}"
            for (line, _column), code, data in parser.errors
        ]
        pytest.fail(f"{response.request['PATH_INFO']}:\n" + "\n".join(found))
    ids = collections.Counter(ID_ATTRIBUTE.findall(html))
    duplicates = [value for value, count in ids.items() if count > 1]
    assert not duplicates, f"{response.request['PATH_INFO']}: duplicate ids {duplicates}"


@pytest.fixture
def world(body, editor, responder):
    return build_world(body, editor, responder)


def public_pages(world):
    ref = world["draft"].reference
    return [
        "/",
        "/drafts/",
        "/drafts/?q=закупок",
        "/drafts/?q=zzzz-nothing",
        f"/drafts/{ref}/",
        f"/drafts/{ref}/?layout=parallel",
        f"/drafts/{ref}/versions/1/",
        f"/drafts/{ref}/diff/",
        f"/drafts/{ref}/comments/",
        f"/drafts/{ref}/comments/?article={world['comment'].section.provision_id}",
        f"/drafts/{ref}/alternatives/",
        f"/drafts/{world['summarised'].reference}/",
        f"/drafts/{world['summarised'].reference}/report/",
        "/plans/",
        f"/plans/items/{world['item'].pk}/",
        f"/plans/{world['plan'].organization.short_name}/{world['plan'].year}/",
        "/moderation/log/",
        "/help/",
        "/help/taking-part/",
        "/help/for-staff/",
        "/help/legal-basis/",
        "/help/faq/",
        "/accessibility/",
        "/accounts/login/",
        "/accounts/signup/",
    ]


@pytest.mark.parametrize("lang", ["en", "ky", "ru"])
def test_public_pages_are_valid_html(client, world, lang):
    for path in public_pages(world):
        assert_valid_html(client.get(f"/{lang}{path}", follow=True))


def test_citizen_pages_are_valid_html(client_for, world):
    client = client_for(world["author"])
    ref = world["draft"].reference
    for path in [
        f"/en/drafts/{ref}/",
        f"/en/drafts/{ref}/comment/?section={world['comment'].section.pk}",
        f"/en/drafts/{ref}/alternative/",
        "/en/my/comments/",
        "/en/my/subscriptions/",
        "/en/accounts/profile/",
    ]:
        assert_valid_html(client.get(path))


def test_form_with_errors_is_valid_html(client_for, world):
    client = client_for(world["author"])
    response = client.post(f"/en/drafts/{world['draft'].reference}/comment/", {"text": ""})
    assert b"errorlist" in response.content
    assert_valid_html(response)


def test_staff_pages_are_valid_html(client_for, world, editor, responder):
    ref = world["draft"].reference
    client = client_for(editor)
    for path in [
        "/en/manage/drafts/",
        "/en/manage/drafts/new/",
        f"/en/manage/drafts/{ref}/",
        f"/en/manage/drafts/{ref}/edit/",
        f"/en/manage/drafts/{ref}/versions/new/",
        f"/en/manage/drafts/{ref}/extend/",
        f"/en/manage/drafts/{world['summarised'].reference}/reports/",
        "/en/manage/plans/",
        f"/en/manage/plans/{world['plan'].pk}/",
    ]:
        assert_valid_html(client.get(path))
    client = client_for(responder)
    assert_valid_html(client.get("/en/manage/answers/"))


def test_analyst_and_moderator_pages_are_valid_html(client_for, world, body, analyst, moderator):
    client = client_for(analyst)
    assert_valid_html(client.get("/ru/dashboard/"))
    assert_valid_html(client.get(f"/ru/dashboard/bodies/{body.short_name}/"))
    client = client_for(moderator)
    assert_valid_html(client.get("/en/manage/moderation/"))


def test_the_check_catches_broken_markup():
    class Response:
        status_code = 200
        content = b"<!DOCTYPE html><html lang=en><title>x</title><p id=a>1</div><p id=a>2"
        request = {"PATH_INFO": "/broken/"}

    with pytest.raises(pytest.fail.Exception):
        assert_valid_html(Response())


def test_error_pages_are_translated_and_valid(client, db):
    response = client.get("/ru/drafts/NO-SUCH-DRAFT/")
    assert response.status_code == 404
    assert '<html lang="ru">' in response.content.decode()
    response.status_code = 200  # the markup is what is checked here
    assert_valid_html(response)


def test_server_error_page_renders_without_a_request(db):
    from django.template.loader import render_to_string

    class Response:
        status_code = 200
        content = render_to_string("500.html").encode()
        request = {"PATH_INFO": "500.html"}

    assert b"Something went wrong" in Response.content
    assert_valid_html(Response())
