-- +goose Up
-- The user code of a device authorization is stored as an HMAC under the service's key
-- (internal/seal) instead of a plain SHA-256, which a copy of the table could reverse by
-- trying every code. Pending requests (10 minutes of life) are deleted: their SHA-256
-- would never match again, and their clients start over (invalid_grant). Decided ones
-- no longer need their user code: it is replaced by a value derived from the row's id,
-- so no SHA-256 of a user code stays behind. The column and its index are renamed.
DELETE FROM "device_authorizations" WHERE "status" = 'pending';
UPDATE "device_authorizations" SET "user_code_hash" = sha256(convert_to("id", 'UTF8'));
ALTER TABLE "device_authorizations" RENAME COLUMN "user_code_hash" TO "user_code_mac";
ALTER INDEX "device_authorizations_user_code_hash_key" RENAME TO "device_authorizations_user_code_mac_key";

-- +goose Down
-- An older binary looks user codes up by SHA-256: pending requests stored as MACs would
-- never be found, so they go.
DELETE FROM "device_authorizations" WHERE "status" = 'pending';
ALTER INDEX "device_authorizations_user_code_mac_key" RENAME TO "device_authorizations_user_code_hash_key";
ALTER TABLE "device_authorizations" RENAME COLUMN "user_code_mac" TO "user_code_hash";
