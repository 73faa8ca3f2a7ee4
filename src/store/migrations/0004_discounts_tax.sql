-- Coupons, promotion codes and tax rates: the columns their lists filter on, and the rule that
-- an active promotion code's text is unique regardless of case.

ALTER TABLE promotion_codes ADD COLUMN customer_id text;
CREATE INDEX promotion_codes_coupon ON promotion_codes (coupon_id, seq);
CREATE INDEX promotion_codes_customer ON promotion_codes (customer_id, seq) WHERE customer_id IS NOT NULL;
CREATE UNIQUE INDEX promotion_codes_active_code ON promotion_codes (upper(code)) WHERE active;

ALTER TABLE tax_rates ADD COLUMN inclusive boolean NOT NULL DEFAULT false;
CREATE INDEX tax_rates_active ON tax_rates (active, seq);
