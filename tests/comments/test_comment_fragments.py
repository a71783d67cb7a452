"""The public part of a comment is cached (drafts.caching.comment_fragments): what only one
reader sees is never served from it to another, and a moderated comment is shown anew."""

from django.urls import reverse

from tests.factories import make_draft, participant, post_comment, publish


def test_the_cached_part_carries_nothing_of_the_reader_who_filled_it(
    client_for, body, editor, voter, other_voter
):
    draft = publish(make_draft(body, by=editor), days=30, started_days_ago=1, by=editor)
    comment = post_comment(draft, voter, "Предлагаю уточнить срок.")
    others = client_for(other_voter).get(draft.get_absolute_url()).text  # fills the cache
    own = client_for(voter).get(draft.get_absolute_url()).text
    agree = reverse("comments:agree", args=[comment.pk])
    assert agree in others and agree not in own
    assert f'id="comment-{comment.pk}"' in own and "Предлагаю уточнить срок." in own


def test_a_comment_hidden_after_it_was_cached_is_shown_hidden(
    client_for, client, body, editor, voter, moderator
):
    draft = publish(make_draft(body, by=editor), days=30, started_days_ago=1, by=editor)
    comment = post_comment(draft, voter, "Резкое, но по делу.")
    reader = participant("reader@example.kg")
    assert "Резкое, но по делу." in client_for(reader).get(draft.get_absolute_url()).text
    comment.hide(reason="personal_data", by=moderator)
    page = client_for(reader).get(draft.get_absolute_url()).text
    assert "Резкое, но по делу." not in page and "hidden by a moderator" in page
    own = client_for(voter).get(draft.get_absolute_url()).text
    assert "Резкое, но по делу." in own and "Dispute this decision" in own
    assert "Dispute this decision" not in page
