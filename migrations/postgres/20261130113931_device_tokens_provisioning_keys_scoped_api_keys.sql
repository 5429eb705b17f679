-- +goose Up
-- modify "api_keys" table
ALTER TABLE "api_keys" ALTER COLUMN "user_id" DROP NOT NULL, ADD COLUMN "scope" character varying NOT NULL DEFAULT 'FULL', ADD COLUMN "fleet_role" character varying NULL, ADD COLUMN "fleet_id" character varying NULL, ADD CONSTRAINT "api_keys_fleets_api_keys" FOREIGN KEY ("fleet_id") REFERENCES "fleets" ("id") ON UPDATE NO ACTION ON DELETE CASCADE;
-- create index "apikey_fleet_id" to table: "api_keys"
CREATE INDEX "apikey_fleet_id" ON "api_keys" ("fleet_id");
-- create "provisioning_keys" table
CREATE TABLE "provisioning_keys" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "creator_id" character varying NOT NULL DEFAULT '', "name" character varying NOT NULL, "prefix" character varying NOT NULL, "key_hash" bytea NOT NULL, "expires_at" timestamptz NULL, "max_devices" bigint NULL, "devices_registered" bigint NOT NULL DEFAULT 0, "last_used_at" timestamptz NULL, "revoked_at" timestamptz NULL, "fleet_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "provisioning_keys_fleets_provisioning_keys" FOREIGN KEY ("fleet_id") REFERENCES "fleets" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create index "provisioning_keys_key_hash_key" to table: "provisioning_keys"
CREATE UNIQUE INDEX "provisioning_keys_key_hash_key" ON "provisioning_keys" ("key_hash");
-- create index "provisioning_keys_prefix_key" to table: "provisioning_keys"
CREATE UNIQUE INDEX "provisioning_keys_prefix_key" ON "provisioning_keys" ("prefix");
-- create index "provisioningkey_fleet_id" to table: "provisioning_keys"
CREATE INDEX "provisioningkey_fleet_id" ON "provisioning_keys" ("fleet_id");

-- +goose Down
-- reverse: create index "provisioningkey_fleet_id" to table: "provisioning_keys"
DROP INDEX "provisioningkey_fleet_id";
-- reverse: create index "provisioning_keys_prefix_key" to table: "provisioning_keys"
DROP INDEX "provisioning_keys_prefix_key";
-- reverse: create index "provisioning_keys_key_hash_key" to table: "provisioning_keys"
DROP INDEX "provisioning_keys_key_hash_key";
-- reverse: create "provisioning_keys" table
DROP TABLE "provisioning_keys";
-- reverse: create index "apikey_fleet_id" to table: "api_keys"
DROP INDEX "apikey_fleet_id";
-- reverse: modify "api_keys" table
ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_fleets_api_keys", DROP COLUMN "fleet_id", DROP COLUMN "fleet_role", DROP COLUMN "scope", ALTER COLUMN "user_id" SET NOT NULL;
