"""Shared fixtures of the browser tests: the running emulator (its base URL comes from
LIVEOPS_BASE_URL, set by .ci/browser), a small JSON client for its API and control API, and
Debian's Chromium driven by Playwright."""

import base64
import json
import os
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def svg_icon(label, colour):
    """A small square picture as a data URL, so pages show images without a network."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128">'
        f'<rect width="128" height="128" rx="24" fill="{colour}"/>'
        '<text x="64" y="80" font-family="sans-serif" font-size="44" font-weight="700" '
        f'fill="#fff" text-anchor="middle">{label}</text></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


class Emulator:
    """The emulator under test, through plain HTTP."""

    def __init__(self, base):
        self.base = base.rstrip("/")
        self.project = 44056
        self.api_key = os.environ.get("LIVEOPS_API_KEY", "local-emulator-api-key")

    def call(self, method, path, body=None, token=None, expect=200, admin=False):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("content-type", "application/json")
        if token:
            req.add_header("authorization", "Bearer " + token)
        if admin:
            key = base64.b64encode(f"{self.project}:{self.api_key}".encode()).decode()
            req.add_header("authorization", "Basic " + key)
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                status, text = resp.status, resp.read().decode()
        except urllib.error.HTTPError as err:
            status, text = err.code, err.read().decode()
        assert status == expect, f"{method} {path}: {status} {text}"
        return json.loads(text) if text else None

    def token(self, sub):
        # Thirty days: the dashboard test moves the clock a day ahead.
        body = {"sub": sub, "ttl_seconds": 30 * 86_400}
        return self.call("POST", "/__emulator/token", body)["token"]

    def v2(self, rest):
        return f"/v2/project/{self.project}{rest}"

    def add_item(self, sku, name, price, label, colour, virtual_prices=None):
        item = {
            "sku": sku,
            "name": {"en": name},
            "type": "virtual_good",
            "image_url": svg_icon(label, colour),
            "price": {"amount": price, "currency": "USD"},
        }
        if virtual_prices:
            item["virtual_prices"] = virtual_prices
        self.call("POST", "/__emulator/items", item)

    def buy(self, token, sku, quantity=1):
        return self.call("POST", self.v2(f"/payment/item/{sku}"), {"quantity": quantity}, token)

    def order(self, token, order_id):
        return self.call("GET", self.v2(f"/order/{order_id}"), token=token)

    def quantity(self, sub, sku):
        items = self.call("GET", f"/__emulator/users/{sub}/inventory")["items"]
        return next((i["quantity"] for i in items if i["sku"] == sku), 0)

    def checkout_url(self, token):
        return f"{self.base}/paystation4/?token={token}"


@pytest.fixture(scope="session")
def emulator():
    base = os.environ.get("LIVEOPS_BASE_URL")
    if not base:
        pytest.fail("LIVEOPS_BASE_URL is not set: run the browser tests through .ci/browser")
    emu = Emulator(base)
    emu.add_item("crystal_pack", "Crystal Pack", "4.99", "CP", "#7b5cff",
                 [{"sku": "gems", "amount": 40, "is_default": True}])
    emu.add_item("golden_helmet", "Golden Helmet", "2.99", "GH", "#e0a100")
    # A running 20% discount on the crystal pack, so the checkout shows a discounted price.
    sale = {"name": {"en-US": "Crystal sale"}, "discount": {"percent": "20.00"},
            "items": [{"sku": "crystal_pack"}]}
    emu.call("POST", emu.v2("/admin/promotion/item"), sale, expect=201, admin=True)
    return emu


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 760}, device_scale_factor=1)
    p = context.new_page()
    p.set_default_timeout(10_000)
    yield p
    context.close()


@pytest.fixture(scope="session")
def docs_dir():
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.environ.get("LIVEOPS_SCREENSHOTS", os.path.join(here, "..", "..", "..", "docs"))
    os.makedirs(out, exist_ok=True)
    return out
