-- +goose Up
-- create "device_authorizations" table
CREATE TABLE "device_authorizations" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "device_code_hash" bytea NOT NULL, "user_code_hash" bytea NOT NULL, "client_id" character varying NOT NULL, "scope" character varying NOT NULL DEFAULT '', "status" character varying NOT NULL DEFAULT 'pending', "interval" bigint NOT NULL, "next_poll_at" timestamptz NOT NULL, "expires_at" timestamptz NOT NULL, "decided_at" timestamptz NULL, "grant_read_only" boolean NOT NULL DEFAULT false, "grant_fleet_id" character varying NULL, "grant_fleet_role" character varying NULL, "grant_session" boolean NOT NULL DEFAULT false, "used_at" timestamptz NULL, "user_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "device_authorizations_users_device_authorizations" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create index "device_authorizations_device_code_hash_key" to table: "device_authorizations"
CREATE UNIQUE INDEX "device_authorizations_device_code_hash_key" ON "device_authorizations" ("device_code_hash");
-- create index "device_authorizations_user_code_hash_key" to table: "device_authorizations"
CREATE UNIQUE INDEX "device_authorizations_user_code_hash_key" ON "device_authorizations" ("user_code_hash");
-- create index "deviceauthorization_expires_at" to table: "device_authorizations"
CREATE INDEX "deviceauthorization_expires_at" ON "device_authorizations" ("expires_at");
-- create index "deviceauthorization_user_id" to table: "device_authorizations"
CREATE INDEX "deviceauthorization_user_id" ON "device_authorizations" ("user_id");

-- +goose Down
-- reverse: create index "deviceauthorization_user_id" to table: "device_authorizations"
DROP INDEX "deviceauthorization_user_id";
-- reverse: create index "deviceauthorization_expires_at" to table: "device_authorizations"
DROP INDEX "deviceauthorization_expires_at";
-- reverse: create index "device_authorizations_user_code_hash_key" to table: "device_authorizations"
DROP INDEX "device_authorizations_user_code_hash_key";
-- reverse: create index "device_authorizations_device_code_hash_key" to table: "device_authorizations"
DROP INDEX "device_authorizations_device_code_hash_key";
-- reverse: create "device_authorizations" table
DROP TABLE "device_authorizations";
