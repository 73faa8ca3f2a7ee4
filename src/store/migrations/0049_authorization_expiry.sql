-- Uncaptured authorizations expire (the engine cancels them 7 days after authorization): the engine
-- finds intents still requires_capture by this partial index, and a cancellation in flight keeps
-- its reason so that finishing a stuck one records the same reason ('automatic').
CREATE INDEX payment_intents_requires_capture ON payment_intents (created) WHERE status = 'requires_capture';
ALTER TABLE payment_captures ADD COLUMN cancellation_reason text;
