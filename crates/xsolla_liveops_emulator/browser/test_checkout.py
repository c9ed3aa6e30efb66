"""The Pay Station stand-in in a real browser: pay with the test card, a declined card, a
cancel, and a used link."""

import os

PAYS = "4111 1111 1111 1111"
DECLINED = "4000 0000 0000 0002"


def fill_card(page, number):
    page.fill("#card_number", number)
    page.fill("#expiry", "12/30")
    page.fill("#cvc", "123")
    page.fill("#holder", "Test Player")


def test_paying_with_the_test_card_completes_the_order_and_grants_once(emulator, page, docs_dir):
    sub = "browser-buyer"
    token = emulator.token(sub)
    order = emulator.buy(token, "crystal_pack", 2)
    assert emulator.order(token, order["order_id"])["status"] == "new"

    response = page.goto(emulator.checkout_url(order["token"]))
    assert response.status == 200
    assert page.locator(".items .name").first.inner_text() == "Crystal Pack"
    assert "× 2" in page.locator(".items .qty").first.inner_text()
    assert page.locator(".total .amount").inner_text() == "$7.98"
    assert page.locator(".total .was").inner_text() == "$9.98"
    assert "20% discount" in page.inner_text("body")
    assert "4111 1111 1111 1111" in page.locator(".testcards").inner_text()
    # The item's picture has loaded.
    assert page.eval_on_selector(".items img.thumb", "img => img.naturalWidth") > 0
    fill_card(page, PAYS)
    page.screenshot(path=os.path.join(docs_dir, "checkout.png"), full_page=True)

    page.click("#pay")
    page.wait_for_selector("text=Payment complete — return to the game")
    assert emulator.order(token, order["order_id"])["status"] == "done"
    assert emulator.quantity(sub, "crystal_pack") == 2

    # The link is used up: a clear page, and nothing is granted again.
    response = page.goto(emulator.checkout_url(order["token"]))
    assert response.status == 410
    assert "already used" in page.inner_text("body")
    assert emulator.quantity(sub, "crystal_pack") == 2


def test_a_declined_card_leaves_the_order_open_and_cancel_closes_it(emulator, page):
    sub = "browser-decliner"
    token = emulator.token(sub)
    order = emulator.buy(token, "golden_helmet")
    page.goto(emulator.checkout_url(order["token"]))
    fill_card(page, DECLINED)
    page.click("#pay")
    page.wait_for_selector("text=Payment declined")
    assert "declined this card" in page.inner_text("body")
    assert emulator.order(token, order["order_id"])["status"] == "new"

    page.click("#retry")
    page.wait_for_selector("#pay")
    page.click("#cancel")
    page.wait_for_selector("text=Payment canceled — return to the game")
    assert emulator.order(token, order["order_id"])["status"] == "canceled"
    assert emulator.quantity(sub, "golden_helmet") == 0


def test_an_unknown_link_gets_a_clear_page(emulator, page):
    response = page.goto(emulator.checkout_url("not-a-token"))
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Payment link not found"
