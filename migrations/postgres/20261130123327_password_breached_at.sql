-- +goose Up
-- modify "users" table
ALTER TABLE "users" ADD COLUMN "password_breached_at" timestamptz NULL;

-- +goose Down
-- reverse: modify "users" table
ALTER TABLE "users" DROP COLUMN "password_breached_at";
