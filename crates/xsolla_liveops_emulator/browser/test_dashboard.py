"""The dashboard in a real browser: time travel, and an order paid from it."""

import os


def test_the_dashboard_travels_in_time_and_pays_an_order(emulator, page, docs_dir):
    # Some state to look at: a paid order, a canceled one, a virtual-currency purchase, value
    # points, and the order the dashboard will pay.
    rich = emulator.token("alice")
    emulator.call("POST", "/__emulator/users/alice/grant", {"sku": "gems", "quantity": 100})
    emulator.call("POST", emulator.v2("/payment/item/crystal_pack/virtual/gems"), {}, rich)
    emulator.call("POST", "/__emulator/users/alice/value_points", {"sku": "hero_points", "amount": 250})
    done = emulator.buy(rich, "golden_helmet")
    emulator.call("POST", f"/__emulator/orders/{done['order_id']}/pay")
    bob = emulator.token("bob")
    canceled = emulator.buy(bob, "crystal_pack")
    emulator.call("POST", f"/__emulator/orders/{canceled['order_id']}/cancel")
    order = emulator.buy(bob, "golden_helmet", 3)

    before = emulator.call("GET", "/__emulator/clock")["now"]
    response = page.goto(emulator.base + "/")
    assert response.status == 200
    shown = page.inner_text("#now")

    page.click("#clock button:has-text('+1 day')")
    page.wait_for_selector("#flash")
    assert "Clock moved" in page.inner_text("#flash")
    after = emulator.call("GET", "/__emulator/clock")["now"]
    assert 86_400 <= after - before < 86_400 + 60
    assert page.inner_text("#now") != shown

    row = page.locator(f"#order-{order['order_id']}")
    assert row.locator(".status").inner_text() == "new"
    row.locator("button:has-text('Pay')").click()
    page.wait_for_selector("#flash")
    assert f"Order {order['order_id']} paid" in page.inner_text("#flash")
    assert page.locator(f"#order-{order['order_id']} .status").inner_text() == "done"
    assert emulator.order(bob, order["order_id"])["status"] == "done"
    assert emulator.quantity("bob", "golden_helmet") == 3
    assert "golden_helmet × 3" in page.inner_text("#players")

    page.screenshot(path=os.path.join(docs_dir, "dashboard.png"), full_page=True)
