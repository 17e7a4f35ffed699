-- The register's own record, written in the request whose merchant call succeeded: what each
-- staff action was (the merchant's id for it, the member number staff see, the purchase
-- amount), and its void. It serves the staff member's list of today's actions and the void
-- button; the merchant keeps the ledger. Kept as long as the actions (90 days).
ALTER TABLE member_card_actions ADD COLUMN action_id TEXT;
ALTER TABLE member_card_actions ADD COLUMN merchant_action_id TEXT;
ALTER TABLE member_card_actions ADD COLUMN member_number TEXT;
ALTER TABLE member_card_actions ADD COLUMN purchase_amount_yen INTEGER;
ALTER TABLE member_card_actions ADD COLUMN voided_at INTEGER;      -- epoch ms
ALTER TABLE member_card_actions ADD COLUMN void_points INTEGER;    -- what the void did to the balance
ALTER TABLE member_card_actions ADD COLUMN void_balance INTEGER;
CREATE UNIQUE INDEX member_card_actions_by_action_id ON member_card_actions (action_id);
-- Today's actions of one staff member at one store.
CREATE INDEX member_card_actions_by_staff ON member_card_actions (staff_id, store_id, occurred_at);
