-- +goose Up
-- modify "sessions" table
ALTER TABLE "sessions" ADD COLUMN "second_factor_at" timestamptz NULL;
-- modify "users" table
ALTER TABLE "users" ADD COLUMN "admin_granted_at" timestamptz NULL, ADD COLUMN "suspended_at" timestamptz NULL;
-- create "admin_actions" table
CREATE TABLE "admin_actions" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "admin_id" character varying NOT NULL DEFAULT '', "admin_email" character varying NOT NULL DEFAULT '', "action" character varying NOT NULL, "target_user_id" character varying NOT NULL, "target_email" character varying NOT NULL DEFAULT '', "reason" character varying NOT NULL, "ip" character varying NOT NULL DEFAULT '', "user_agent" character varying NOT NULL DEFAULT '', PRIMARY KEY ("id"));
-- create index "adminaction_target_user_id" to table: "admin_actions"
CREATE INDEX "adminaction_target_user_id" ON "admin_actions" ("target_user_id");

-- +goose Down
-- reverse: create index "adminaction_target_user_id" to table: "admin_actions"
DROP INDEX "adminaction_target_user_id";
-- reverse: create "admin_actions" table
DROP TABLE "admin_actions";
-- reverse: modify "users" table
ALTER TABLE "users" DROP COLUMN "suspended_at", DROP COLUMN "admin_granted_at";
-- reverse: modify "sessions" table
ALTER TABLE "sessions" DROP COLUMN "second_factor_at";
