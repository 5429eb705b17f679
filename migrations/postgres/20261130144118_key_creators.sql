-- +goose Up
-- modify "api_keys" table
ALTER TABLE "api_keys" ADD COLUMN "creator_id" character varying NULL;
-- create index "apikey_creator_id" to table: "api_keys"
CREATE INDEX "apikey_creator_id" ON "api_keys" ("creator_id");
-- create index "provisioningkey_creator_id" to table: "provisioning_keys"
CREATE INDEX "provisioningkey_creator_id" ON "provisioning_keys" ("creator_id");

-- +goose Down
-- reverse: create index "provisioningkey_creator_id" to table: "provisioning_keys"
DROP INDEX "provisioningkey_creator_id";
-- reverse: create index "apikey_creator_id" to table: "api_keys"
DROP INDEX "apikey_creator_id";
-- reverse: modify "api_keys" table
ALTER TABLE "api_keys" DROP COLUMN "creator_id";
