-- +goose Up
-- modify "tot_ps" table
ALTER TABLE "tot_ps" ADD COLUMN "failures" bigint NOT NULL DEFAULT 0, ADD COLUMN "locked_at" timestamptz NULL;

-- +goose Down
-- reverse: modify "tot_ps" table
ALTER TABLE "tot_ps" DROP COLUMN "locked_at", DROP COLUMN "failures";
