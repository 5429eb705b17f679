-- +goose Up
-- create "passkeys" table
CREATE TABLE "passkeys" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "name" character varying NOT NULL, "credential_id" bytea NOT NULL, "public_key" bytea NOT NULL, "attestation_type" character varying NOT NULL DEFAULT '', "aaguid" bytea NULL, "sign_count" bigint NOT NULL DEFAULT 0, "user_verified" boolean NOT NULL DEFAULT false, "backup_eligible" boolean NOT NULL DEFAULT false, "backup_state" boolean NOT NULL DEFAULT false, "transports" json NULL, "last_used_at" timestamptz NULL, "user_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "passkeys_users_passkeys" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create index "passkey_user_id" to table: "passkeys"
CREATE INDEX "passkey_user_id" ON "passkeys" ("user_id");
-- create index "passkeys_credential_id_key" to table: "passkeys"
CREATE UNIQUE INDEX "passkeys_credential_id_key" ON "passkeys" ("credential_id");

-- +goose Down
-- reverse: create index "passkeys_credential_id_key" to table: "passkeys"
DROP INDEX "passkeys_credential_id_key";
-- reverse: create index "passkey_user_id" to table: "passkeys"
DROP INDEX "passkey_user_id";
-- reverse: create "passkeys" table
DROP TABLE "passkeys";
