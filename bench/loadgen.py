"""A realistic mix of traffic against one portal, for bench/load and bench/faults.

Readers open drafts and search (anonymous), signed-in citizens read the long discussion, new
searches are made up each time, citizens post comments (each with its own session and a fresh
submission key), responders answer the comments just posted through the answer page.
Standard library only; one thread per simulated client, a bounded time, a timeout on every
request. Prints one line per kind of request and writes the submission keys of the comments the
server accepted (answered 302) to --accepted-keys, so the caller can count them in the database.

    python bench/loadgen.py --url http://127.0.0.1:8766 --setup setup.json --duration 30
"""

import argparse
import http.client
import json
import random
import re
import threading
import time
import uuid
from collections import defaultdict
from urllib.parse import quote, urlencode, urlsplit

# What a portal's day looks like: mostly reading, a fair share of writing. Besides anonymous
# readers of popular drafts (mostly page-cache hits) and popular searches, signed-in citizens
# read the long discussion (never cached for them) and people ask searches nobody asked before.
MIX = [
    ("read_draft", 50),
    ("read_long_signed_in", 10),
    ("search", 5),
    ("new_search", 5),
    ("post_comment", 25),
    ("answer", 5),
]
WORDS = ["закупках", "лицензии", "нотариат", "реестра", "заявление", "энергии", "образовании"]
# A new search: one to three of these in any order, one in three with a typo in a word.
NEW_SEARCH_WORDS = [
    *WORDS, "банкротстве", "потребителей", "подписи", "недрах", "самоуправлении", "стипендии",
    "персональных", "данных", "порядок", "ведения", "мыйзамына", "маалыматтарды", "салык",
    "жарандар", "лицензиялоо", "медиации", "пошлины", "субсидии", "тарифы", "аренды",
]  # fmt: skip


def new_search(rng) -> str:
    words = rng.sample(NEW_SEARCH_WORDS, rng.randint(1, 3))
    if rng.random() < 1 / 3:
        word = rng.randrange(len(words))
        letters = list(words[word])
        at = rng.randrange(1, len(letters))
        letters[at] = rng.choice("аеиоуыя")  # a vowel typed wrong, as people do
        words[word] = "".join(letters)
    return " ".join(words)


CSRF = "loadcsrftokenloadcsrftoken012345"  # a plain 32-character token is valid in cookie and form
REQUEST_TIMEOUT = 10


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.statuses = defaultdict(lambda: defaultdict(int))
        self.accepted_keys = []
        self.answerable = []  # pks of accepted comments, for the responders

    def record(self, kind, status, seconds):
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[kind][status] += 1


def request(base, method, path, *, body=None, cookie=None):
    """One request on a fresh connection (gunicorn's sync workers close it after each answer).
    Returns (status, headers) or (an error name, {})."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REQUEST_TIMEOUT)
    headers = {"Host": parts.netloc}
    if cookie:
        headers["Cookie"] = cookie
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urlencode(body).encode()
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    except TimeoutError:
        return "timeout", {}
    except (ConnectionError, http.client.HTTPException, OSError):
        return "connection", {}
    finally:
        connection.close()


def client(base, setup, stats, stop_at, seed):
    rng = random.Random(seed)
    kinds, weights = zip(*MIX, strict=True)
    # A few drafts draw most readers (Zipf-like: the n-th most read gets 1/n of the first's).
    draft_weights = [1 / rank for rank in range(1, len(setup["drafts"]) + 1)]
    counter = 0
    while time.monotonic() < stop_at:
        kind = rng.choices(kinds, weights)[0]
        counter += 1
        started = time.monotonic()
        if kind == "read_draft":
            status, _ = request(
                base, "GET", f"/ru/drafts/{rng.choices(setup['drafts'], draft_weights)[0]}/"
            )
        elif kind == "read_long_signed_in":
            status, _ = request(
                base,
                "GET",
                f"/ru/drafts/{setup['busy_draft']}/",
                cookie=f"sessionid={rng.choice(setup['citizens'])}",
            )
        elif kind == "search":
            status, _ = request(base, "GET", "/ru/drafts/?q=" + quote(rng.choice(WORDS)))
        elif kind == "new_search":
            status, _ = request(base, "GET", "/ru/drafts/?q=" + quote(new_search(rng)))
        elif kind == "post_comment":
            key = str(uuid.uuid4())
            status, headers = request(
                base,
                "POST",
                f"/ru/drafts/{setup['post_draft']}/comment/",
                cookie=f"sessionid={rng.choice(setup['citizens'])}; csrftoken={CSRF}",
                body={
                    "csrfmiddlewaretoken": CSRF,
                    "position": "proposal",
                    "section": "",
                    "website": "",
                    "key": key,
                    "text": f"Нагрузочный комментарий {seed}-{counter}",
                },
            )
            # Accepted means redirected to the comment: "/ru/drafts/<ref>/#comment-<pk>".
            found = re.search(r"#comment-(\d+)$", headers.get("location", ""))
            if status == 302 and found:
                with stats.lock:
                    stats.accepted_keys.append(key)
                    stats.answerable.append(int(found.group(1)))
        else:
            with stats.lock:
                pk = stats.answerable.pop(0) if stats.answerable else None
            if pk is None:
                continue
            status, _ = request(
                base,
                "POST",
                f"/ru/manage/answers/{pk}/",
                cookie=f"sessionid={setup['responder']}; csrftoken={CSRF}",
                body={
                    "csrfmiddlewaretoken": CSRF,
                    "decision": "noted",
                    "reasoning": "Учтено при доработке проекта.",
                    "carried_in": "",
                    "duplicate_of": "",
                },
            )
        stats.record(kind, status, time.monotonic() - started)


def p95_ms(latencies):
    ordered = sorted(latencies)
    return 1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--setup", required=True, help="JSON: drafts, post_draft, sessions")
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--accepted-keys", required=True, help="file to write accepted keys to")
    parser.add_argument("--started", help="file created when the measured load begins")
    args = parser.parse_args()
    with open(args.setup) as handle:
        setup = json.load(handle)

    # Steady state, not a cold start: each worker has rendered the pages readers ask for.
    for _ in range(2):
        for reference in setup["drafts"]:
            request(args.url, "GET", f"/ru/drafts/{reference}/")
        for word in WORDS:
            request(args.url, "GET", "/ru/drafts/?q=" + quote(word))

    stats = Stats()
    if args.started:
        open(args.started, "w").close()
    started = time.monotonic()
    stop_at = started + args.duration
    threads = [
        threading.Thread(target=client, args=(args.url, setup, stats, stop_at, n), daemon=True)
        for n in range(args.concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.duration + 2 * REQUEST_TIMEOUT)
    elapsed = time.monotonic() - started

    with stats.lock:
        for kind, _ in MIX:
            statuses = stats.statuses[kind]
            count = sum(statuses.values())
            server_errors = sum(n for s, n in statuses.items() if isinstance(s, int) and s >= 500)
            failed = sum(n for s, n in statuses.items() if not isinstance(s, int))
            overloaded = sum(statuses.get(s, 0) for s in (429, 503))
            print(
                f"kind={kind} requests={count} rps={count / elapsed:.1f} "
                f"p95_ms={p95_ms(stats.latencies[kind]):.0f} errors_5xx={server_errors} "
                f"connection_errors={failed} refused_429_503={overloaded} "
                f"statuses={dict(sorted((str(s), n) for s, n in statuses.items()))}"
            )
        with open(args.accepted_keys, "w") as handle:
            handle.write("\n".join(stats.accepted_keys))


if __name__ == "__main__":
    main()
