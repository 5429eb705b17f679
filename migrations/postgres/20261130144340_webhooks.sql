-- +goose Up
-- create "webhook_endpoints" table
CREATE TABLE "webhook_endpoints" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "url" character varying NOT NULL, "description" character varying NOT NULL DEFAULT '', "secret" bytea NOT NULL, "created_by" character varying NOT NULL DEFAULT '', PRIMARY KEY ("id"));
-- create "webhook_messages" table
CREATE TABLE "webhook_messages" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "endpoint_id" character varying NOT NULL, "event_type" character varying NOT NULL, "payload" bytea NOT NULL, "attempts" bigint NOT NULL DEFAULT 0, "next_attempt_at" timestamptz NOT NULL, "locked_until" timestamptz NULL, "delivered_at" timestamptz NULL, "failed_at" timestamptz NULL, "last_error" character varying NOT NULL DEFAULT '', PRIMARY KEY ("id"));
-- create index "webhookmessage_delivered_at_failed_at_next_attempt_at" to table: "webhook_messages"
CREATE INDEX "webhookmessage_delivered_at_failed_at_next_attempt_at" ON "webhook_messages" ("delivered_at", "failed_at", "next_attempt_at");
-- create index "webhookmessage_endpoint_id" to table: "webhook_messages"
CREATE INDEX "webhookmessage_endpoint_id" ON "webhook_messages" ("endpoint_id");

-- +goose Down
-- reverse: create index "webhookmessage_endpoint_id" to table: "webhook_messages"
DROP INDEX "webhookmessage_endpoint_id";
-- reverse: create index "webhookmessage_delivered_at_failed_at_next_attempt_at" to table: "webhook_messages"
DROP INDEX "webhookmessage_delivered_at_failed_at_next_attempt_at";
-- reverse: create "webhook_messages" table
DROP TABLE "webhook_messages";
-- reverse: create "webhook_endpoints" table
DROP TABLE "webhook_endpoints";
