-- +goose Up
-- modify "admin_actions" table
ALTER TABLE "admin_actions" ALTER COLUMN "target_user_id" SET DEFAULT '', ADD COLUMN "target_kind" character varying NOT NULL DEFAULT '', ADD COLUMN "target_id" character varying NOT NULL DEFAULT '', ADD COLUMN "target_name" character varying NOT NULL DEFAULT '';

-- +goose Down
-- reverse: modify "admin_actions" table
ALTER TABLE "admin_actions" DROP COLUMN "target_name", DROP COLUMN "target_id", DROP COLUMN "target_kind", ALTER COLUMN "target_user_id" DROP DEFAULT;
