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
