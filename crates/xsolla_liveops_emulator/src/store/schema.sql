-- The emulator's database. Definitions (items, chains) are JSON documents in the admin API's
-- read form; player state (claims, orders, inventory, balances) is relational so that every
-- grant and the state change that earned it commit in one transaction.
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS items (
    sku     TEXT PRIMARY KEY,
    item_id INTEGER NOT NULL UNIQUE,
    doc     TEXT NOT NULL
);

-- One row per allocated chain step id, so step ids are unique across chains and updates.
CREATE TABLE IF NOT EXISTS step_ids (
    id INTEGER PRIMARY KEY AUTOINCREMENT
);

CREATE TABLE IF NOT EXISTS users (
    sub        TEXT PRIMARY KEY,
    attributes TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS inventory (
    sub      TEXT NOT NULL,
    sku      TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    PRIMARY KEY (sub, sku)
) WITHOUT ROWID;

-- Every grant ever made, with what earned it: the audit trail behind the inventory.
CREATE TABLE IF NOT EXISTS grants (
    id       INTEGER PRIMARY KEY,
    sub      TEXT NOT NULL,
    sku      TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    source   TEXT NOT NULL,
    at       INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS value_points (
    sub    TEXT NOT NULL,
    sku    TEXT NOT NULL,
    amount INTEGER NOT NULL,
    PRIMARY KEY (sub, sku)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS daily_chains (
    id  INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS daily_claims (
    sub         TEXT NOT NULL,
    chain_id    INTEGER NOT NULL,
    cycle       INTEGER NOT NULL,
    step_id     INTEGER NOT NULL,
    unlocked_at INTEGER NOT NULL,
    claimed_at  INTEGER NOT NULL,
    PRIMARY KEY (sub, chain_id, cycle, step_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS offer_chains (
    id  INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL
);

-- `period` is the start of the schedule period the claim belongs to (0 without a schedule);
-- `round` counts restarts after completion inside one period.
CREATE TABLE IF NOT EXISTS offer_claims (
    sub        TEXT NOT NULL,
    chain_id   INTEGER NOT NULL,
    period     INTEGER NOT NULL,
    round      INTEGER NOT NULL,
    step_id    INTEGER NOT NULL,
    order_id   INTEGER NOT NULL,
    claimed_at INTEGER NOT NULL,
    PRIMARY KEY (sub, chain_id, period, round, step_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS orders (
    order_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    sub        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    ref_id     INTEGER NOT NULL,
    step_id    INTEGER NOT NULL,
    period     INTEGER NOT NULL,
    round      INTEGER NOT NULL,
    items      TEXT NOT NULL,
    status     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    paid_at    INTEGER
);

-- codes: coupon, promo-code and unique-catalog-offer promotions (store/codes.rs). `used` and
-- `reserved` count redemptions of all codes together (reserved: promo codes sitting in a cart);
-- `codes_count` is kept up to date so listings never count 100 000 rows.
CREATE TABLE IF NOT EXISTS code_promotions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,
    external_id TEXT NOT NULL,
    doc         TEXT NOT NULL,
    used        INTEGER NOT NULL DEFAULT 0,
    reserved    INTEGER NOT NULL DEFAULT 0,
    codes_count INTEGER NOT NULL DEFAULT 0,
    UNIQUE (kind, external_id)
);

-- Codes are unique across the project and compared case-sensitively (BINARY collation).
CREATE TABLE IF NOT EXISTS codes (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    promotion_id INTEGER NOT NULL,
    used         INTEGER NOT NULL DEFAULT 0,
    reserved     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS codes_by_promotion ON codes (promotion_id, id);

-- A player's uses of a promotion in the reset period starting at `period` (0 without a
-- schedule); `adjust` is what the admin user-limit calls added (+) or took (-).
CREATE TABLE IF NOT EXISTS code_user_limits (
    promotion_id INTEGER NOT NULL,
    sub          TEXT NOT NULL,
    period       INTEGER NOT NULL,
    used         INTEGER NOT NULL,
    adjust       INTEGER NOT NULL,
    PRIMARY KEY (promotion_id, sub)
) WITHOUT ROWID;

-- The promo code applied to a player's cart (one per cart), with the unit choices made.
CREATE TABLE IF NOT EXISTS code_carts (
    sub          TEXT NOT NULL,
    cart_id      TEXT NOT NULL,
    promotion_id INTEGER NOT NULL,
    code         TEXT NOT NULL,
    period       INTEGER NOT NULL,
    units        TEXT NOT NULL,
    applied_at   INTEGER NOT NULL,
    PRIMARY KEY (sub, cart_id)
) WITHOUT ROWID;

-- Every successful redemption (coupons, promo codes applied, unique offers unlocked).
CREATE TABLE IF NOT EXISTS code_redemptions (
    id           INTEGER PRIMARY KEY,
    promotion_id INTEGER NOT NULL,
    code         TEXT NOT NULL,
    sub          TEXT NOT NULL,
    at           INTEGER NOT NULL
);

-- promotions: discounts and bonuses (store/promotions.rs), personalized-catalog rules
-- (store/personalization.rs), per-player promotion and item limits (store/limits.rs).
-- `kind` and `is_enabled` repeat what the document says, so purchases can find live bonuses
-- without reading every document.
CREATE TABLE IF NOT EXISTS promotions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    is_enabled INTEGER NOT NULL,
    doc        TEXT NOT NULL
);

-- The discount an offer-chain order was priced with; paying the order uses it.
CREATE TABLE IF NOT EXISTS order_promotions (
    order_id     INTEGER PRIMARY KEY,
    promotion_id INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS catalog_rules (
    id  INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL
);

-- A player's uses of a promotion (target = promotion id) or purchases of an item (target =
-- SKU) in the reset period starting at `period` (0 without a schedule).
CREATE TABLE IF NOT EXISTS promotion_user_limits (
    target INTEGER NOT NULL,
    sub    TEXT NOT NULL,
    period INTEGER NOT NULL,
    used   INTEGER NOT NULL,
    PRIMARY KEY (target, sub)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS promotion_user_limits_by_sub ON promotion_user_limits (sub);

CREATE TABLE IF NOT EXISTS item_user_limits (
    target TEXT NOT NULL,
    sub    TEXT NOT NULL,
    period INTEGER NOT NULL,
    used   INTEGER NOT NULL,
    PRIMARY KEY (target, sub)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS item_user_limits_by_sub ON item_user_limits (sub);

-- reward chains, value points, clans
-- Value points: items of their own kind, in the admin read form.
CREATE TABLE IF NOT EXISTS value_point_items (
    sku     TEXT PRIMARY KEY,
    item_id INTEGER NOT NULL UNIQUE,
    doc     TEXT NOT NULL
);

-- How many value points one unit of a catalog item earns when it is granted.
CREATE TABLE IF NOT EXISTS item_value_points (
    vp_sku   TEXT NOT NULL,
    item_sku TEXT NOT NULL,
    amount   INTEGER NOT NULL,
    PRIMARY KEY (vp_sku, item_sku)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS item_value_points_by_item ON item_value_points (item_sku);

-- Every change of a value-point balance (`value_points` holds the running totals), with the
-- player's clan at the time: reward chains sum the rows of their period since their last reset.
CREATE TABLE IF NOT EXISTS value_point_ledger (
    id     INTEGER PRIMARY KEY,
    sub    TEXT NOT NULL,
    sku    TEXT NOT NULL,
    clan   TEXT NOT NULL,
    amount INTEGER NOT NULL,
    at     INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS value_point_ledger_by_player ON value_point_ledger (sub, sku, id);
CREATE INDEX IF NOT EXISTS value_point_ledger_by_clan ON value_point_ledger (sku, clan, id);

CREATE TABLE IF NOT EXISTS reward_chains (
    id  INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL
);

-- One claim per player, chain, schedule period (0 without a schedule), clan ('' on plain
-- chains) and step.
CREATE TABLE IF NOT EXISTS reward_claims (
    sub        TEXT NOT NULL,
    chain_id   INTEGER NOT NULL,
    period     INTEGER NOT NULL,
    clan       TEXT NOT NULL,
    step_id    INTEGER NOT NULL,
    claimed_at INTEGER NOT NULL,
    PRIMARY KEY (sub, chain_id, period, clan, step_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reward_claims_by_chain ON reward_claims (chain_id);

-- A player's stored clan membership (absent: the `clan` attribute decides).
CREATE TABLE IF NOT EXISTS clan_members (
    sub  TEXT PRIMARY KEY,
    clan TEXT NOT NULL
) WITHOUT ROWID;

-- upsell
-- The project's one upsell setting, as written.
CREATE TABLE IF NOT EXISTS upsell (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    doc TEXT NOT NULL
);

-- Quantity granted so far per SKU, from every feature: the `most_sellable` ranking. One row
-- per SKU ever granted, so the ranking sorts it when read; an index on the quantity would be
-- rewritten by every grant.
CREATE TABLE IF NOT EXISTS sku_grant_counts (
    sku      TEXT PRIMARY KEY,
    quantity INTEGER NOT NULL
) WITHOUT ROWID;
DROP INDEX IF EXISTS sku_grant_counts_by_quantity;

-- login (Xsolla Login under /login/api, src/login)
-- OAuth 2.0 clients; `redirect_uris` is a JSON array, the first is the default.
CREATE TABLE IF NOT EXISTS login_clients (
    client_id          INTEGER PRIMARY KEY,
    expires_in         INTEGER NOT NULL,
    email_confirmation INTEGER NOT NULL,
    redirect_uris      TEXT NOT NULL
);

-- Players: password players have a username, e-mail and Argon2 PHC hash; guests a device id.
CREATE TABLE IF NOT EXISTS login_users (
    id            TEXT PRIMARY KEY,
    username      TEXT UNIQUE COLLATE NOCASE,
    email         TEXT UNIQUE COLLATE NOCASE,
    password_hash TEXT,
    confirmed     INTEGER NOT NULL,
    banned        INTEGER NOT NULL DEFAULT 0,
    device_id     TEXT UNIQUE,
    device        TEXT,
    device_type   TEXT,
    registered    INTEGER NOT NULL,
    last_login    INTEGER
) WITHOUT ROWID;

-- Authorization codes by the SHA-256 of their text: single use, short-lived.
CREATE TABLE IF NOT EXISTS login_codes (
    code_hash    BLOB PRIMARY KEY,
    user_id      TEXT NOT NULL,
    client_id    INTEGER NOT NULL,
    redirect_uri TEXT NOT NULL,
    redirect_sent INTEGER NOT NULL,
    scope        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    expires_at   INTEGER NOT NULL
) WITHOUT ROWID;

-- Refresh tokens by the SHA-256 of their text: spent (deleted) by the refresh that uses them.
CREATE TABLE IF NOT EXISTS login_refresh_tokens (
    token_hash BLOB PRIMARY KEY,
    user_id    TEXT NOT NULL,
    client_id  INTEGER NOT NULL,
    scope      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS login_refresh_tokens_by_user ON login_refresh_tokens (user_id);

-- Access tokens not revoked, by their `jti`: sign-out of all sessions deletes a player's.
CREATE TABLE IF NOT EXISTS login_access_tokens (
    jti        TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS login_access_tokens_by_user ON login_access_tokens (user_id);

-- Wrong passwords per player (`user:<id>`) or per name nobody has (`name:<lower-cased>`),
-- and until when sign-in under it is blocked.
CREATE TABLE IF NOT EXISTS login_failures (
    name          TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    blocked_until INTEGER NOT NULL
);

-- orders (store/orders.rs): what an order holds and costs as the order-status call shows it,
-- when it was delivered or canceled, and its single-use Pay Station tokens (SHA-256 only).
CREATE TABLE IF NOT EXISTS order_content (
    order_id     INTEGER PRIMARY KEY,
    content      TEXT NOT NULL,
    delivered_at INTEGER,
    canceled_at  INTEGER
);

CREATE TABLE IF NOT EXISTS payment_tokens (
    hash       TEXT PRIMARY KEY,
    order_id   INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) WITHOUT ROWID;
