-- +goose Up
-- modify "one_time_tokens" table
ALTER TABLE "one_time_tokens" ALTER COLUMN "data" TYPE json;

-- +goose Down
-- reverse: modify "one_time_tokens" table
ALTER TABLE "one_time_tokens" ALTER COLUMN "data" TYPE jsonb;
