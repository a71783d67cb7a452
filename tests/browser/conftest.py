"""Real Chromium (Debian's `chromium`) driven by Playwright against the live test server.

The suite skips these tests only where no Chromium is installed; `.ci/run` installs it and
sets SEP_REQUIRE_BROWSER=1, which turns a missing browser into a failure.
"""

import os
import shutil

import pytest

CHROMIUM = (
    os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
)
ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        if os.environ.get("SEP_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (apt-get install chromium) but was not found")
        pytest.skip("Chromium is not installed")
    # Playwright's sync API refuses to start inside a running event loop; Django's async-unsafe
    # check would then complain about the ORM from this thread.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,HttpsFirstModeV2ForEngagedSites",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def _plain_http_live_server():
    # The live server speaks plain HTTP on localhost. Session-scoped so it is in force before
    # the (session-scoped) live server builds its middleware.
    from django.test.utils import override_settings

    with override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        SECURE_HSTS_SECONDS=0,
    ):
        yield


@pytest.fixture
def site(live_server, settings):
    # The links in e-mails lead to the portal's configured address: here, the live server.
    settings.SEP_SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def browser_locale():
    """The language the browser is set to; test_role_journeys walks each journey in all three."""
    return "ru-RU"


@pytest.fixture
def new_page(browser, browser_locale):
    contexts = []

    def make(width=1280, locale=None):
        locale = locale or browser_locale
        # `locale` is the browser's language: its Accept-Language and navigator.language.
        context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, f"{name}.png"), full_page=False)


# The WCAG 2.1 AA rules of axe-core; every page a journey visits must pass all of them.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page):
    """Run axe-core on the page as it is now; fail with axe's own report of what is wrong."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def sign_in(page, site, user, *, password=None, lang="en"):
    """Sign `user` in through the sign-in form (their e-mail counts as confirmed)."""
    from allauth.account.models import EmailAddress

    from tests.factories import PASSWORD

    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    page.goto(f"{site}/{lang}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", password or PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
