"""What a citizen sees of their own part in a discussion: their vote, no "I agree" with
themselves, and their hidden comment with the reason and a way to dispute it."""

import re

from django.urls import reverse

from comments.models import Comment, CommentReport, Vote
from comments.services import moderate_comment


def test_the_citizens_own_vote_is_shown_and_preselected(client_for, voter, open_draft):
    client = client_for(voter)
    response = client.post(
        reverse("comments:vote", args=[open_draft.reference]), {"value": "oppose"}, follow=True
    )
    page = response.text
    assert "Your vote:" in page and "I oppose this draft" in page.split("Your vote:")[1][:200]
    assert re.search(r'<input[^>]*value="oppose"[^>]*checked', page)
    assert "Change my vote" in page
    assert Vote.objects.get(user=voter).value == "oppose"


def test_an_empty_vote_says_what_is_missing_beside_the_form(client_for, voter, open_draft):
    response = client_for(voter).post(
        reverse("comments:vote", args=[open_draft.reference]), {}, follow=True
    )
    assert response.redirect_chain[-1][0].endswith("?vote=missing#opinion")
    assert '<p class="errorlist" id="vote-error">Choose support or oppose.</p>' in response.text
    assert not Vote.objects.exists()


def test_no_i_agree_button_on_ones_own_comment(client_for, voter, other_voter, open_draft):
    comment, _ = Comment.post(
        draft=open_draft, author=voter, text="Моё замечание.", position="other"
    )
    agree = reverse("comments:agree", args=[comment.pk])
    assert agree not in client_for(voter).get(open_draft.get_absolute_url()).text
    assert agree in client_for(other_voter).get(open_draft.get_absolute_url()).text


def test_the_author_of_a_hidden_comment_reads_it_and_can_dispute(
    client_for, voter, other_voter, moderator, open_draft
):
    comment, _ = Comment.post(
        draft=open_draft, author=voter, text="Резкое, но по делу.", position="objection"
    )
    moderate_comment(comment, by=moderator, hide=True, reason="insult")
    own = client_for(voter).get(open_draft.get_absolute_url()).text
    assert "Резкое, но по делу." in own and "Dispute this decision" in own
    others = client_for(other_voter).get(open_draft.get_absolute_url()).text
    assert "Резкое, но по делу." not in others and "Dispute this decision" not in others

    client = client_for(voter)
    dispute = reverse("comments:report", args=[comment.pk])
    assert "Dispute this decision" in client.get(dispute).text
    refused = client.post(dispute, {"note": ""})
    assert refused.status_code == 200  # a dispute says why
    client.post(dispute, {"note": "Здесь нет оскорблений, это критика проекта."})
    record = CommentReport.objects.get(comment=comment, reporter=voter)
    assert record.note.startswith("Здесь нет оскорблений")
    queue = client_for(moderator).get(reverse("comments:moderation")).text
    assert "Здесь нет оскорблений" in queue
