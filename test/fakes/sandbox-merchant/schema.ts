// The sandbox merchant's tables. They stand in for a real shop's membership system, so they
// carry the constraints such a system relies on: the link table's UNIQUE keys are what make
// "one member per LINE user, one LINE user per member" true under concurrent requests.

/** Bump when the tables change: a saved data file of another version is reseeded. */
export const SCHEMA_VERSION = 15;

export const createSchema = `
CREATE TABLE merchant_settings (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  link_second_factor TEXT NOT NULL CHECK (link_second_factor IN ('pin', 'birthDate', 'otp')),
  -- Caps on one staff action and one scan of a member card (getStaffSettings).
  max_purchase_yen_per_award INTEGER NOT NULL DEFAULT 100000 CHECK (max_purchase_yen_per_award > 0),
  max_purchase_yen_per_scan INTEGER NOT NULL DEFAULT 200000 CHECK (max_purchase_yen_per_scan > 0),
  max_redeem_points_per_action INTEGER NOT NULL DEFAULT 10000 CHECK (max_redeem_points_per_action > 0),
  max_redeem_points_per_scan INTEGER NOT NULL DEFAULT 20000 CHECK (max_redeem_points_per_scan > 0)
);

CREATE TABLE ranks (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  position INTEGER NOT NULL UNIQUE,
  points_per_100_yen INTEGER NOT NULL CHECK (points_per_100_yen > 0),
  qualifying_annual_spend_yen INTEGER NOT NULL CHECK (qualifying_annual_spend_yen >= 0),
  -- What the rank gives as the shop words it, a JSON array of short texts, the headline first.
  benefits_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(benefits_json))
);

CREATE TABLE stores (
  store_id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('shop', 'online')),
  address TEXT,
  CHECK ((kind = 'shop') = (address IS NOT NULL))
);

CREATE TABLE members (
  member_id TEXT PRIMARY KEY,
  member_number TEXT NOT NULL UNIQUE,
  family_name TEXT NOT NULL,
  given_name TEXT NOT NULL,
  -- Members who joined from LINE give only what they chose to: these may be NULL.
  family_name_kana TEXT,
  given_name_kana TEXT,
  rank_code TEXT NOT NULL REFERENCES ranks (code),
  birth_date TEXT CHECK (birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  pin_salt TEXT,
  pin_sha256 TEXT,
  email TEXT,
  phone TEXT,
  marketing_consent INTEGER NOT NULL DEFAULT 0 CHECK (marketing_consent IN (0, 1)),
  home_store_id TEXT REFERENCES stores (store_id),
  joined_on TEXT NOT NULL,
  -- Where deliveries go; members who joined from LINE have none until they give one.
  address TEXT,
  CHECK ((pin_salt IS NULL) = (pin_sha256 IS NULL))
);

CREATE TABLE line_links (
  line_user_id TEXT PRIMARY KEY,
  member_id TEXT NOT NULL UNIQUE REFERENCES members (member_id) ON DELETE CASCADE,
  linked_at TEXT NOT NULL
);

CREATE TABLE products (
  product_id TEXT PRIMARY KEY,
  sku TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('beans', 'drip_bags', 'baked_goods', 'equipment')),
  price_yen INTEGER NOT NULL CHECK (price_yen > 0),
  availability TEXT NOT NULL CHECK (availability IN ('available', 'out_of_stock', 'discontinued'))
);

-- Times are UTC ISO strings ("…Z"), so they sort as text. A delivery is sold by the online
-- store and copies the member's address; a pickup names the store it waits at.
-- The numbers customers see and quote (order 1024-0001, reservation R-4801): one series per
-- kind for the whole merchant. The ids stay internal; nextNumber() takes the next in a series.
CREATE TABLE number_sequences (
  name TEXT PRIMARY KEY CHECK (name IN ('order', 'reservation')),
  last_value INTEGER NOT NULL
);
INSERT INTO number_sequences (name, last_value) VALUES ('order', 10240000), ('reservation', 4800);

CREATE TABLE orders (
  order_id TEXT PRIMARY KEY,
  order_number TEXT NOT NULL UNIQUE,
  member_id TEXT NOT NULL REFERENCES members (member_id),
  store_id TEXT NOT NULL REFERENCES stores (store_id),
  ordered_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('placed', 'confirmed', 'shipped', 'ready_for_pickup', 'delivered', 'cancelled')),
  status_changed_at TEXT NOT NULL,
  fulfilment TEXT NOT NULL CHECK (fulfilment IN ('delivery', 'pickup')),
  delivery_address TEXT,
  carrier TEXT,
  tracking_number TEXT,
  source_order_id TEXT REFERENCES orders (order_id),
  -- The carrier's page for the parcel, when the shop's system has it (the BFF builds one otherwise).
  tracking_url TEXT,
  -- What the order carried on top of its items and how it was paid, as JSON in the contract's
  -- shapes (OrderCharge[], PaymentMethod); NULL for orders from before the shop quoted them.
  charges_json TEXT,
  payment_json TEXT,
  CHECK ((fulfilment = 'delivery') = (delivery_address IS NOT NULL))
);
CREATE INDEX orders_by_member ON orders (member_id, ordered_at);

-- Prices are copied onto the line so later price changes do not rewrite history.
CREATE TABLE order_items (
  order_id TEXT NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
  line_number INTEGER NOT NULL CHECK (line_number > 0),
  product_id TEXT NOT NULL REFERENCES products (product_id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_yen INTEGER NOT NULL CHECK (unit_price_yen >= 0),
  PRIMARY KEY (order_id, line_number)
);

-- The points ledger, one per member for store and online points alike: a balance is always
-- the sum of a member's entries, never a stored number. Points earned from purchases expire
-- (expires_on, the last Japan date they count); an 'expiry' entry takes off what was left.
CREATE TABLE point_transactions (
  transaction_id INTEGER PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES members (member_id),
  points INTEGER NOT NULL CHECK (points <> 0),
  reason TEXT NOT NULL CHECK (reason IN ('signup_bonus', 'purchase', 'redemption', 'migration', 'adjustment', 'expiry')),
  order_id TEXT REFERENCES orders (order_id),
  note TEXT,
  -- Where it happened: the register's store, or the store an order was sold by.
  store_id TEXT REFERENCES stores (store_id),
  staff_id TEXT,
  occurred_at TEXT NOT NULL,
  expires_on TEXT CHECK (expires_on IS NULL OR points > 0)
);
CREATE INDEX point_transactions_by_member ON point_transactions (member_id, occurred_at);

CREATE VIEW member_point_balances AS
  SELECT members.member_id, COALESCE(SUM(point_transactions.points), 0) AS balance
  FROM members LEFT JOIN point_transactions ON point_transactions.member_id = members.member_id
  GROUP BY members.member_id;

CREATE TABLE staff (
  staff_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('staff', 'manager', 'admin')),
  line_user_id TEXT UNIQUE
);

CREATE TABLE staff_stores (
  staff_id TEXT NOT NULL REFERENCES staff (staff_id) ON DELETE CASCADE,
  store_id TEXT NOT NULL REFERENCES stores (store_id),
  PRIMARY KEY (staff_id, store_id)
);

CREATE TABLE check_ins (
  check_in_id TEXT PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES members (member_id),
  store_id TEXT NOT NULL REFERENCES stores (store_id),
  staff_id TEXT NOT NULL REFERENCES staff (staff_id),
  occurred_at TEXT NOT NULL
);

-- Every check-in and point transaction made at the register (awards of 0 points too), so it
-- can be voided by the staff member who made it; void_json is the void's answer once voided.
CREATE TABLE register_actions (
  action_id TEXT PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES members (member_id),
  kind TEXT NOT NULL CHECK (kind IN ('check_in', 'award', 'redeem')),
  points INTEGER NOT NULL,
  store_id TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  void_json TEXT
);

-- One row per (operation, Idempotency-Key): a repeated request gets the stored answer.
CREATE TABLE idempotency_records (
  operation TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  request_sha256 TEXT NOT NULL,
  status INTEGER NOT NULL,
  response_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (operation, idempotency_key)
);

-- Nonces of LINE's account-link flow: the login page makes one for the member who logged in,
-- the BFF trades it once (consumeAccountLinkNonce) within 10 minutes. Like a password, only
-- its hash is stored.
CREATE TABLE account_link_nonces (
  nonce_sha256 TEXT PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES members (member_id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL,  -- epoch ms
  consumed_at INTEGER           -- epoch ms; null until traded
);

-- Reservations. Slots are not rows: a service has a daily timetable (Japan minutes of the day)
-- and a capacity in seats; a slot's seats taken are the sum of its confirmed reservations. The
-- booking INSERT carries the capacity check in its own WHERE, so no request can book a seat
-- another request took between a check and an insert.
CREATE TABLE reservation_settings (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  cancellation_window_hours INTEGER NOT NULL CHECK (cancellation_window_hours >= 0),
  day_before_local_hour INTEGER NOT NULL CHECK (day_before_local_hour BETWEEN 0 AND 23),
  hours_before INTEGER NOT NULL CHECK (hours_before BETWEEN 1 AND 23),
  quiet_start_hour INTEGER CHECK (quiet_start_hour BETWEEN 0 AND 23),
  quiet_end_hour INTEGER CHECK (quiet_end_hour BETWEEN 0 AND 23),
  CHECK ((quiet_start_hour IS NULL) = (quiet_end_hour IS NULL))
);

CREATE TABLE store_locations (
  store_id TEXT PRIMARY KEY REFERENCES stores (store_id),
  latitude REAL NOT NULL,
  longitude REAL NOT NULL
);

CREATE TABLE reservation_services (
  service_id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (store_id),
  name TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
  capacity INTEGER NOT NULL CHECK (capacity > 0),
  max_party_size INTEGER NOT NULL CHECK (max_party_size > 0),
  -- Per person, tax included; NULL: the shop shows no price for it.
  price_yen INTEGER CHECK (price_yen IS NULL OR price_yen >= 0),
  -- Japan minutes of the day of the first and last slot start, and the step between starts.
  first_start_minute INTEGER NOT NULL CHECK (first_start_minute BETWEEN 0 AND 1439),
  last_start_minute INTEGER NOT NULL CHECK (last_start_minute BETWEEN first_start_minute AND 1439),
  interval_minutes INTEGER NOT NULL CHECK (interval_minutes > 0)
);

CREATE TABLE reservations (
  reservation_id TEXT PRIMARY KEY,
  reservation_number TEXT NOT NULL UNIQUE,
  member_id TEXT NOT NULL REFERENCES members (member_id),
  service_id TEXT NOT NULL REFERENCES reservation_services (service_id),
  starts_at TEXT NOT NULL,   -- UTC ISO, sorts as text
  party_size INTEGER NOT NULL CHECK (party_size > 0),
  note TEXT,
  status TEXT NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
  created_at TEXT NOT NULL,
  booked_at TEXT NOT NULL,   -- creation, or the last change of time
  cancelled_at TEXT
);
CREATE INDEX reservations_by_slot ON reservations (service_id, starts_at, status);
CREATE INDEX reservations_by_start ON reservations (starts_at, reservation_id);
CREATE INDEX reservations_by_member ON reservations (member_id, starts_at);

-- One-time codes for linking with secondFactor otp: the latest code per member, hashed, valid
-- 10 minutes, dead after 5 wrong answers or one right one.
CREATE TABLE one_time_codes (
  member_id TEXT PRIMARY KEY REFERENCES members (member_id) ON DELETE CASCADE,
  code_sha256 TEXT NOT NULL,
  expires_at INTEGER NOT NULL,  -- epoch ms
  wrong_answers INTEGER NOT NULL DEFAULT 0
);

-- DEV ONLY: what the sandbox "sent" by email or SMS, so tests and developers can read the code
-- that a real merchant would deliver to the member's address.
CREATE TABLE sent_one_time_codes (
  sent_id INTEGER PRIMARY KEY,
  member_number TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  code TEXT NOT NULL,
  sent_at TEXT NOT NULL
);

-- Coupons (coupons.ts): the catalogue, each member's grants of it, and every use. A grant key
-- (welcome:<member>, birthday:<member>:<year>, or the caller's idempotency key) makes a grant
-- happen once; uses_left never goes below zero, so one UPDATE decides who gets the last use.
CREATE TABLE coupon_definitions (
  coupon_definition_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('line_only', 'welcome', 'rank', 'birthday', 'campaign')),
  title TEXT NOT NULL,
  benefit_json TEXT NOT NULL,
  conditions TEXT,
  every_store INTEGER NOT NULL CHECK (every_store IN (0, 1)),
  uses_per_coupon INTEGER NOT NULL CHECK (uses_per_coupon >= 1),
  valid_days INTEGER NOT NULL CHECK (valid_days >= 1),
  rank_code TEXT REFERENCES ranks (code),
  CHECK ((kind = 'rank') = (rank_code IS NOT NULL))
);

CREATE TABLE coupon_definition_stores (
  coupon_definition_id TEXT NOT NULL REFERENCES coupon_definitions (coupon_definition_id),
  store_id TEXT NOT NULL REFERENCES stores (store_id),
  PRIMARY KEY (coupon_definition_id, store_id)
);

CREATE TABLE member_coupons (
  coupon_id TEXT PRIMARY KEY,
  coupon_definition_id TEXT NOT NULL REFERENCES coupon_definitions (coupon_definition_id),
  member_id TEXT NOT NULL REFERENCES members (member_id) ON DELETE CASCADE,
  grant_key TEXT NOT NULL UNIQUE,
  granted_at TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  uses_allowed INTEGER NOT NULL CHECK (uses_allowed >= 1),
  uses_left INTEGER NOT NULL CHECK (uses_left >= 0 AND uses_left <= uses_allowed)
);
CREATE INDEX member_coupons_by_member ON member_coupons (member_id, granted_at);

CREATE TABLE coupon_redemptions (
  redemption_id TEXT PRIMARY KEY,
  coupon_id TEXT NOT NULL REFERENCES member_coupons (coupon_id) ON DELETE CASCADE,
  store_id TEXT NOT NULL REFERENCES stores (store_id),
  staff_id TEXT NOT NULL,
  redeemed_at TEXT NOT NULL,
  voided_at TEXT
);

PRAGMA user_version = ${SCHEMA_VERSION};
`;
