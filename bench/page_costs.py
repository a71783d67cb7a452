"""Where one uncached request's time goes: the same paths as bench/run's uncached lines, served
in-process (Django's test client, no gunicorn or wrk), each request timed and split into SQL
(statements and their time on the connection), template rendering and the rest (ORM, views,
middleware). bench/run says how fast a path is; this says what to make faster.

Prints one line a path, times as multiples of an in-process `/healthz` request (ratios, like
the rest of bench/), then that request's own time for scale:
    page=<name> x_healthz=<n> sql_x=<n> render_x=<n> rest_x=<n> queries=<n> requests=<n>

    draft_cold       anonymous, a different published draft each request, never cached
    search_uncached  anonymous, bench/varied_search.lua's queries, each page new to the cache
    draft_signed_in  60 signed-in citizens in turn on the 1,000-comment draft, ky/ru/en
    post_comment     a citizen posting a new comment, a fresh submission key each

With --per-query, only the search instead: each query of bench/varied_search.lua alone,
slowest first (`query=<words> x_healthz=<n>`, the median of a few requests each).

And then how long the search page's filter form takes with Django's form renderer and with the
portal's (sep.form_renderer), as multiples of /healthz:
    form=draft_filters django_x=<n> portal_x=<n> ratio=<portal / django>

SQL run while a template renders (a lazy queryset) counts as SQL, not as rendering.
Run on a quiet machine, on the database bench/run seeded (its drafts; the citizens and the long
discussion are made here with `manage.py bench_setup participants` if missing):
    DATABASE_URL=... .venv/bin/python bench/page_costs.py [--requests N] [--per-query]
"""

import argparse
import io
import json
import os
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sep.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("EMBEDDED_DB_NAME", "sep_bench")
# As bench/run serves it: production settings over plain HTTP, limits lifted (they are tested
# in the suite; here they would only measure the limit).
for name, value in {
    "DEBUG": "0",
    "SECRET_KEY": "bench-secret-key-not-for-production",
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "ERROR",
    "SEP_REQUIRE_STAFF_2FA": "0",
    "SEP_COMMENT_RATE_USER": "100000000/m",
    "SEP_COMMENT_RATE_IP": "100000000/m",
}.items():
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.messages.storage.cookie import CookieStorage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.template.backends.django import Template  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils import translation  # noqa: E402

from drafts.filters import DraftFilter  # noqa: E402
from drafts.models import Draft  # noqa: E402


class Meter:
    """SQL and template time of the requests made inside `measure`."""

    def __init__(self):
        self.reset()
        self._depth = 0

    def reset(self):
        self.sql = self.render = self.sql_in_render = 0.0
        self.queries = 0

    def execute(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - start
            self.sql += elapsed
            self.queries += 1
            if self._depth:
                self.sql_in_render += elapsed

    def wrap_render(self, render):
        meter = self

        def timed(template, *args, **kwargs):
            # Only the outermost render: an include or render_to_string inside is part of it.
            meter._depth += 1
            start = time.perf_counter()
            try:
                return render(template, *args, **kwargs)
            finally:
                meter._depth -= 1
                if not meter._depth:
                    meter.render += time.perf_counter() - start

        return timed


METER = Meter()
Template.render = METER.wrap_render(Template.render)


def measure(name, requests, healthz_seconds=None):
    """Run `requests` (callables making one request each) after a few to warm the process."""
    for request in requests[:5]:
        request()
    timed = requests[5:]
    METER.reset()
    durations = []
    with connection.execute_wrapper(METER.execute):
        for request in timed:
            start = time.perf_counter()
            request()
            durations.append(time.perf_counter() - start)
    mean = statistics.fmean(durations)
    if healthz_seconds is None:
        return mean
    sql = METER.sql / len(timed)
    render = (METER.render - METER.sql_in_render) / len(timed)
    rest = mean - sql - render
    print(
        f"page={name} x_healthz={mean / healthz_seconds:.1f} sql_x={sql / healthz_seconds:.1f} "
        f"render_x={render / healthz_seconds:.1f} rest_x={rest / healthz_seconds:.1f} "
        f"queries={METER.queries / len(timed):.1f} requests={len(timed)}"
    )
    return mean


def get(client, path, *, session=None):
    """One GET; with `session`, as the citizen signed in with it (one client for all of them,
    as one gunicorn worker serves them: a client of its own each would load the middleware
    anew, and WhiteNoise with it, on every citizen's first request)."""
    signed_in = session is not None

    def request():
        if signed_in:
            client.cookies[settings.SESSION_COOKIE_NAME] = session
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert response.wsgi_request.user.is_authenticated == signed_in, path

    return request


def search_words() -> list[str]:
    lua = (ROOT / "bench" / "varied_search.lua").read_text()
    return re.findall(r'"([^"]+)"', lua.split("local words = {", 1)[1].split("}", 1)[0])


def filter_form_seconds(renderer: str, repeat: int) -> float:
    """One search's filter form, bound and validated as the list binds it, every field
    rendered as drafts/list.html renders it (`as_field_group`), its two choice lists read."""
    with override_settings(FORM_RENDERER=renderer), translation.override("ru"):

        def render():
            filters = DraftFilter(QueryDict("q=закупках"), queryset=Draft.objects.all())
            filters.form.is_valid()
            return "".join(field.as_field_group() for field in filters.form)

        for _ in range(5):
            render()
        start = time.perf_counter()
        for _ in range(repeat):
            render()
        return (time.perf_counter() - start) / repeat


def search_per_query(client, healthz_seconds, repeat):
    """query=<words> x_healthz=<median of `repeat` requests, each a page new to the cache>:
    where the search's tail (bench/run's p95) comes from."""
    medians = {}
    for words in search_words():
        requests = [
            get(client, f"/ru/drafts/?q={words}&n={uuid.uuid4().hex}") for _ in range(repeat + 1)
        ]
        requests[0]()  # the first search of a word on this connection prepares its statements
        durations = []
        for request in requests[1:]:
            start = time.perf_counter()
            request()
            durations.append(time.perf_counter() - start)
        medians[words] = statistics.median(durations)
    for words, seconds in sorted(medians.items(), key=lambda item: -item[1]):
        print(f"query={words!r} x_healthz={seconds / healthz_seconds:.1f}")


def bench_setup(*args) -> str:
    out = io.StringIO()
    call_command("bench_setup", *args, stdout=out)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--per-query",
        action="store_true",
        help="only the search: each of bench/varied_search.lua's queries alone, slowest first",
    )
    args = parser.parse_args()
    n = args.requests + 5
    anonymous = Client()
    healthz = measure("healthz", [get(anonymous, "/healthz")] * n)
    print(f"healthz_ms={healthz * 1000:.2f} (in-process, for scale)")
    if args.per_query:
        search_per_query(anonymous, healthz, repeat=max(1, args.requests // 25))
        return

    # The drafts bench/cold_drafts.lua opens, from the end of its list: not opened by bench/run.
    references = bench_setup("references", "--count", "5000").split()[-n:]
    cold = [get(anonymous, f"/ru/drafts/{reference}/") for reference in references]
    measure("draft_cold", cold, healthz)

    words = search_words()
    searches = [
        get(anonymous, f"/ru/drafts/?q={words[i % len(words)]}&n={uuid.uuid4().hex}")
        for i in range(n)
    ]
    measure("search_uncached", searches, healthz)

    setup = json.loads(bench_setup("participants", "--citizens", "60", "--busy-comments", "1000"))
    sessions = setup["citizens"]
    languages = ("ky", "ru", "en")
    reader = Client()
    signed_in = [
        get(
            reader,
            f"/{languages[i % 3]}/drafts/{setup['busy_draft']}/",
            session=sessions[i % len(sessions)],
        )
        for i in range(n)
    ]
    measure("draft_signed_in", signed_in, healthz)

    poster = Client()
    poster.cookies[settings.SESSION_COOKIE_NAME] = sessions[0]
    path = f"/ru/drafts/{setup['post_draft']}/comment/"

    def post():
        response = poster.post(
            path,
            {
                "position": "proposal",
                "section": "",
                "key": uuid.uuid4().hex,
                "text": f"Предлагаю уточнить срок, вариант {uuid.uuid4().hex[:8]}",
            },
        )
        # To the comment on the draft's page: published, not kept for after a sign-in.
        assert response.status_code == 302, response.status_code
        assert f"/drafts/{setup['post_draft']}/#comment-" in response["Location"], response
        # A browser follows the redirect, which shows and clears "Your comment is published";
        # kept, the messages cookie would grow with every post and be re-encoded each time.
        poster.cookies.pop(CookieStorage.cookie_name, None)

    measure("post_comment", [post] * n, healthz)

    django_form = filter_form_seconds("django.forms.renderers.DjangoTemplates", args.requests)
    portal_form = filter_form_seconds(settings.FORM_RENDERER, args.requests)
    print(
        f"form=draft_filters django_x={django_form / healthz:.1f} "
        f"portal_x={portal_form / healthz:.1f} ratio={portal_form / django_form:.2f}"
    )


if __name__ == "__main__":
    main()
