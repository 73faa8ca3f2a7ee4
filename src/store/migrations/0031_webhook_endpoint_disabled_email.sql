-- The email to the account's owner when webhook delivery disables a failing endpoint.
INSERT INTO email_event_types (type) VALUES ('recur.webhook_endpoint.disabled');
