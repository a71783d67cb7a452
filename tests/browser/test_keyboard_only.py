"""The comment flow with a keyboard alone: Tab, Enter and typing, never the mouse; the focused
element is always visibly outlined."""

import pytest

from comments.models import Comment
from tests.factories import participant
from tests.worlds import build_world

from .conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    name: el.getAttribute('name'),
    text: (el.innerText || '').trim(),
    cls: el.className,
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
  };
}"""


def focused(page):
    return page.evaluate(FOCUSED)


def tab_to(page, matches, *, limit=150):
    """Press Tab until the focused element satisfies `matches`; fail if it never comes."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if matches(element):
            return element
    pytest.fail("the element was never reached with the Tab key")


def test_citizen_comments_on_an_article_with_the_keyboard_only(
    site, new_page, body, editor, responder
):
    world = build_world(body, editor, responder)
    draft = world["draft"]
    citizen = participant("keyboard@example.kg")
    page = new_page()
    sign_in(page, site, citizen)
    page.goto(f"{site}/en/drafts/{draft.reference}/")

    # The first Tab reaches the skip link, which becomes visible and outlined.
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["cls"] == "skip-link"
    assert skip["outline"]
    assert page.locator(".skip-link").bounding_box()["x"] >= 0  # on screen, not parked off it
    page.keyboard.press("Enter")
    assert focused(page)["tag"] == "main"

    link = tab_to(page, lambda el: el["text"] == "Comment on Article 2")
    assert link["outline"]
    page.keyboard.press("Enter")
    page.wait_for_url("**/comment/?section=*")
    assert_accessible(page)

    tab_to(page, lambda el: el["name"] == "position")
    page.keyboard.type("Objects")  # typing an option's first letters selects it
    tab_to(page, lambda el: el["name"] == "text")
    page.keyboard.type("Срок вступления в силу слишком короткий.")
    submit = tab_to(page, lambda el: el["tag"] == "button" and el["text"] == "Publish my comment")
    assert submit["outline"]
    screenshot(page, "keyboard-focus-on-submit")
    page.keyboard.press("Enter")
    page.wait_for_selector(".message-success")

    comment = Comment.objects.get(author=citizen)
    assert comment.position == "objection"
    assert comment.section.number == "2"
    assert comment.text == "Срок вступления в силу слишком короткий."
    assert_accessible(page)
