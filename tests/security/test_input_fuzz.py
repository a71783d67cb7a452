"""Whatever people type — any script, right-to-left marks, NUL bytes, markup, SQL-looking text,
a megabyte — every public form and the API answer with a clear refusal or store the text
exactly, and pages show it as text, never as markup. Never a server error."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import RespondentProfile
from comments.models import Answer, Comment, CommentReport
from sep.text import without_direction_controls

SCRIPT = "<script>alert('x')</script>"
PAYLOADS = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "Robert'); DROP TABLE drafts_draft;--",
    "\u200fمرحبا\u200f",  # right-to-left mark
    "\u202eevil\u202c",  # right-to-left override
    "a\x00b",  # NUL: PostgreSQL text cannot hold it
    "\ufeffБОМ",
    "Кыргызча: ө ү ң — «цитата» 🙂 𝕏",
    "{{ secret }} {% debug %}",
    "%s %d %(x)s",
]

nasty_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=20)), max_size=5).map(" ".join),
)

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def page_text(response) -> str:
    return response.content.decode("utf-8", errors="replace")


def assert_escaped(page: str, text: str):
    """The text a person wrote is shown as text: its markup never reaches the page raw."""
    if SCRIPT in text:
        assert SCRIPT not in page
    if "<img src=x" in text:
        assert "<img src=x" not in page


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def expected_refusal(
    text: str, *, max_length: int, required: bool = True, shown=lambda text: text
) -> bool:
    """Whether a form refuses `text`: empty where it is required (after `shown`, what the form
    would publish of it) or too long."""
    return (required and not shown(text).strip()) or len(text.strip()) > max_length


def refused_for_nul(response, *texts) -> bool:
    """A NUL anywhere in a form is refused before any view runs (sep.middleware): a clear 400
    that says nothing was saved."""
    if not any("\x00" in text for text in texts):
        return False
    assert response.status_code == 400, response.status_code
    assert "NUL" in page_text(response) and "Nothing was saved" in page_text(response)
    return True


# --- Citizens' forms --------------------------------------------------------------------------


def test_comment_form_stores_any_text_exactly_or_refuses_it_clearly(world):
    citizen = world["users"]["citizen"]
    draft = world["ours"]["discussion"]
    client = signed_in(citizen)
    url = reverse("comments:new", args=[draft.reference])

    @FUZZ
    @given(text=nasty_text)
    def check(text):
        before = Comment.objects.count()
        response = client.post(
            url, {"text": text, "position": "proposal", "section": "", "key": uuid.uuid4()}
        )
        if refused_for_nul(response, text):
            assert Comment.objects.count() == before
            return
        assert response.status_code in (200, 302), response.status_code
        if expected_refusal(text, max_length=10_000, shown=without_direction_controls):
            assert response.status_code == 200
            assert 'class="errorlist' in page_text(response) or "error" in page_text(response)
            assert Comment.objects.count() == before
            return
        assert response.status_code == 302, page_text(response)[:2000]
        comment = Comment.objects.filter(author=citizen).latest("pk")
        assert comment.text == without_direction_controls(text).strip()
        thread = client.get(reverse("comments:thread", args=[draft.reference]) + "?page=last")
        assert thread.status_code == 200
        assert_escaped(page_text(thread), text)

    check()


def test_a_nul_byte_in_a_comment_is_refused_with_a_message(world):
    client = signed_in(world["users"]["citizen"])
    draft = world["ours"]["discussion"]
    response = client.post(
        reverse("comments:new", args=[draft.reference]),
        {"text": "Текст\x00", "position": "proposal", "section": "", "key": uuid.uuid4()},
    )
    assert refused_for_nul(response, "\x00")
    assert not Comment.objects.filter(text__startswith="Текст").exists()


def test_markup_in_a_comment_is_shown_as_text_on_the_draft_page(world):
    client = signed_in(world["users"]["citizen"])
    draft = world["ours"]["discussion"]
    response = client.post(
        reverse("comments:new", args=[draft.reference]),
        {"text": SCRIPT, "position": "support", "section": "", "key": uuid.uuid4()},
        follow=True,
    )
    page = page_text(response)
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_alternative_form_stores_any_text_exactly_or_refuses_it_clearly(world):
    citizen = world["users"]["other_citizen"]
    draft = world["ours"]["discussion"]
    client = signed_in(citizen)
    url = reverse("comments:alternative", args=[draft.reference])

    @FUZZ
    @given(text=nasty_text, explanation=nasty_text)
    def check(text, explanation):
        before = Comment.objects.count()
        response = client.post(url, {"text": text, "explanation": explanation, "key": uuid.uuid4()})
        if refused_for_nul(response, text, explanation):
            assert Comment.objects.count() == before
            return
        assert response.status_code in (200, 302)
        refused = expected_refusal(
            text, max_length=100_000, shown=without_direction_controls
        ) or expected_refusal(explanation, max_length=10**9, shown=without_direction_controls)
        if refused:
            assert response.status_code == 200
            assert Comment.objects.count() == before
            return
        assert response.status_code == 302
        alternative = Comment.objects.filter(author=citizen).latest("pk")
        assert (alternative.text, alternative.explanation) == (
            without_direction_controls(text).strip(),
            without_direction_controls(explanation).strip(),
        )
        page = client.get(reverse("comments:alternatives", args=[draft.reference]) + "?page=last")
        assert_escaped(page_text(page), text + explanation)

    check()


def test_report_form_stores_the_note_exactly_or_refuses_it(world):
    citizen = world["users"]["citizen"]
    comment = world["ours"]["comment"]
    client = signed_in(citizen)
    url = reverse("comments:report", args=[comment.pk])

    @FUZZ
    @given(note=nasty_text)
    def check(note):
        response = client.post(url, {"reason": "spam", "note": note})
        if refused_for_nul(response, note):
            return
        assert response.status_code in (200, 302)
        assert response.status_code == 302
        stored = CommentReport.objects.get(comment=comment, reporter=citizen)
        assert stored.note == note.strip()

    check()


def test_profile_form_stores_names_exactly_or_refuses_them(world):
    citizen = world["users"]["citizen"]
    client = signed_in(citizen)
    url = reverse("accounts:profile")

    @FUZZ
    @given(first=nasty_text, organisation=nasty_text)
    def check(first, organisation):
        response = client.post(
            url,
            {
                "first_name": first,
                "last_name": "",
                "category": "citizen",
                "region": "bishkek",
                "organisation_name": organisation,
                "show_name": "on",
            },
        )
        if refused_for_nul(response, first, organisation):
            return
        assert response.status_code in (200, 302)
        max_org = RespondentProfile._meta.get_field("organisation_name").max_length or 10**9
        if expected_refusal(first, max_length=150, required=False) or expected_refusal(
            organisation, max_length=max_org, required=False
        ):
            assert response.status_code == 200
            return
        assert response.status_code == 302
        citizen.refresh_from_db()
        assert citizen.first_name == first.strip()
        assert citizen.profile.organisation_name == organisation.strip()
        page = client.get(url)
        assert_escaped(page_text(page), first + organisation)

    check()


def test_sign_up_never_fails_with_a_server_error(world, settings):
    settings.ACCOUNT_RATE_LIMITS = False  # sign-up flood limits: tests/test_login.py
    client = Client()
    url = reverse("account_signup")

    @FUZZ
    @given(email=nasty_text, password=nasty_text)
    def check(email, password):
        response = client.post(url, {"email": email, "password1": password, "password2": password})
        if refused_for_nul(response, email, password):
            return
        assert response.status_code in (200, 302)
        assert_escaped(page_text(response), email)

    check()


# --- Searches and filters ---------------------------------------------------------------------

LIST_PARAMETERS = {
    "drafts:list": [
        "q",
        "status",
        "organization",
        "act_type",
        "subject",
        "planned",
        "open_now",
        "published_from",
        "ends_to",
        "page",
    ],
    "plans:items": ["body", "year", "quarter", "status", "act_type", "subject", "page"],
    "comments:moderation-log": ["page"],
}


def test_search_box_and_list_filters_answer_any_query(world):
    client = Client()

    @FUZZ
    @given(
        name=st.sampled_from(sorted(LIST_PARAMETERS)),
        values=st.dictionaries(
            st.sampled_from(sorted({p for ps in LIST_PARAMETERS.values() for p in ps})),
            nasty_text,
            max_size=3,
        ),
        extra=st.one_of(st.none(), st.integers(-(2**70), 2**70).map(str)),
    )
    def check(name, values, extra):
        values = {k: v for k, v in values.items() if k in LIST_PARAMETERS[name]}
        if extra is not None:
            values[LIST_PARAMETERS[name][-1]] = extra
        response = client.get(reverse(name), values)
        if any("\x00" in v for v in values.values()):
            assert response.status_code == 400
            return
        assert response.status_code == 200, (name, values)
        assert_escaped(page_text(response), " ".join(values.values()))

    check()


def test_article_filters_of_the_comment_pages_answer_any_value(world):
    client = Client()
    draft = world["ours"]["discussion"]

    @FUZZ
    @given(article=nasty_text, page=nasty_text)
    def check(article, page):
        for name in ("comments:thread", "reports:report"):
            if name == "reports:report":
                url = reverse(name, args=[world["ours"]["summarised"].reference, 1])
            else:
                url = reverse(name, args=[draft.reference])
            response = client.get(url, {"article": article, "page": page})
            expected = 400 if "\x00" in article + page else 200
            assert response.status_code == expected, (name, article, page)

    check()


def test_the_responders_queue_filters_answer_any_value(world):
    client = signed_in(world["users"]["responder"])

    @FUZZ
    @given(draft=nasty_text, article=nasty_text)
    def check(draft, article):
        response = client.get(reverse("comments:queue"), {"draft": draft, "article": article})
        assert response.status_code == (400 if "\x00" in draft + article else 200)

    check()


API_LISTS = {
    "drafts": ["q", "status", "organization", "act_type", "subject", "modified_since"],
    "comments": ["draft", "position", "answered", "modified_since"],
    "plan-items": ["body", "year", "quarter", "status"],
    "reports": ["draft", "modified_since"],
    "versions": ["draft", "modified_since"],
}


def test_api_query_parameters_give_data_or_a_clear_400(world):
    client = Client()

    @FUZZ
    @given(
        endpoint=st.sampled_from(sorted(API_LISTS)),
        choice=st.data(),
        value=nasty_text,
        page_size=st.one_of(st.none(), st.integers(-5, 2**70).map(str), nasty_text),
    )
    def check(endpoint, choice, value, page_size):
        parameter = choice.draw(st.sampled_from(API_LISTS[endpoint]))
        query = {parameter: value}
        if page_size is not None:
            query["page_size"] = page_size
        response = client.get(f"/api/v1/{endpoint}/", query)
        assert response.status_code in (200, 400), (endpoint, query, response.status_code)
        if response.status_code == 400:
            assert response.content  # says what was wrong
        assert response["Content-Type"].startswith(("application/json", "text/plain"))

    check()


# --- The developer body's answer --------------------------------------------------------------


def test_answer_form_stores_the_reasoning_exactly_or_refuses_it(world):
    responder = world["users"]["responder"]
    comment = world["ours"]["comment"]
    client = signed_in(responder)
    url = reverse("comments:answer", args=[comment.pk])

    @FUZZ
    @given(reasoning=nasty_text)
    def check(reasoning):
        response = client.post(url, {"decision": "rejected", "reasoning": reasoning})
        if refused_for_nul(response, reasoning):
            return
        assert response.status_code in (200, 302)
        if expected_refusal(reasoning, max_length=10**9):
            assert response.status_code == 200
            return
        assert response.status_code == 302
        assert Answer.objects.get(comment=comment).reasoning == reasoning.strip()
        page = Client().get(comment.draft.get_absolute_url())
        assert_escaped(page_text(page), reasoning)

    check()


# --- Size ---------------------------------------------------------------------------------------


def test_a_megabyte_comment_is_refused_with_the_limit_named(world):
    client = signed_in(world["users"]["citizen"])
    draft = world["ours"]["discussion"]
    response = client.post(
        reverse("comments:new", args=[draft.reference]),
        {"text": "я" * 500_000, "position": "other", "section": "", "key": uuid.uuid4()},
    )
    assert response.status_code == 200
    assert "at most 10000 characters" in page_text(response).replace(",", "")
    assert not Comment.objects.filter(text__startswith="яяяя").exists()


@pytest.mark.parametrize("field", ["text", "explanation"])
def test_a_body_over_the_upload_limit_is_a_clear_400(world, field, settings):
    client = signed_in(world["users"]["citizen"])
    draft = world["ours"]["discussion"]
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.generic(
        "POST",
        reverse("comments:alternative", args=[draft.reference]),
        f"{field}={big}&key={uuid.uuid4()}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def test_a_nul_byte_in_the_address_is_a_clear_400(world):
    response = Client().get("/en/drafts/TST%00/")
    assert response.status_code == 400
    assert "NUL" in page_text(response)
    response = Client().get(reverse("drafts:list"), {"organization": "1\x00"})
    assert response.status_code == 400


def test_a_word_where_an_article_number_belongs_is_not_a_server_error(world):
    draft = world["ours"]["discussion"]
    thread = Client().get(reverse("comments:thread", args=[draft.reference]), {"article": "x"})
    assert thread.status_code == 200
    responder = signed_in(world["users"]["responder"])
    assert responder.get(reverse("comments:queue"), {"article": "x"}).status_code == 200
