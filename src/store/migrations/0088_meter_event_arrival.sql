-- Meters with an event_time_window keep, in each window, the most recently received event, so raw
-- events carry their arrival order: one sequence, taken by a batch in the batch's own order.
CREATE SEQUENCE meter_event_arrival;
ALTER TABLE meter_events ADD COLUMN arrival bigint NOT NULL DEFAULT nextval('meter_event_arrival');
