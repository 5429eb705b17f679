-- +goose Up
-- create "outbox_emails" table
CREATE TABLE "outbox_emails" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "to" character varying NOT NULL, "template" character varying NOT NULL, "data" bytea NULL, "attempts" bigint NOT NULL DEFAULT 0, "next_attempt_at" timestamptz NOT NULL, "locked_until" timestamptz NULL, "sent_at" timestamptz NULL, "failed_at" timestamptz NULL, "last_error" character varying NOT NULL DEFAULT '', PRIMARY KEY ("id"));
-- create index "outboxemail_sent_at_failed_at_next_attempt_at" to table: "outbox_emails"
CREATE INDEX "outboxemail_sent_at_failed_at_next_attempt_at" ON "outbox_emails" ("sent_at", "failed_at", "next_attempt_at");
-- create "users" table
CREATE TABLE "users" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "email" character varying NOT NULL, "email_key" character varying NOT NULL, "email_verified_at" timestamptz NULL, "password_hash" character varying NULL, "password_changed_at" timestamptz NULL, "name" character varying NOT NULL DEFAULT '', "company" character varying NOT NULL DEFAULT '', "terms_accepted_at" timestamptz NULL, PRIMARY KEY ("id"));
-- create index "users_email_key_key" to table: "users"
CREATE UNIQUE INDEX "users_email_key_key" ON "users" ("email_key");
-- create "rate_limits" table
CREATE TABLE "rate_limits" ("id" character varying NOT NULL, "hits" bigint NOT NULL, "window_ends_ms" bigint NOT NULL, PRIMARY KEY ("id"));
-- create "api_keys" table
CREATE TABLE "api_keys" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "name" character varying NOT NULL, "description" character varying NOT NULL DEFAULT '', "prefix" character varying NOT NULL, "key_hash" bytea NOT NULL, "last_used_at" timestamptz NULL, "expires_at" timestamptz NULL, "revoked_at" timestamptz NULL, "user_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "api_keys_users_api_keys" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create index "api_keys_key_hash_key" to table: "api_keys"
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys" ("key_hash");
-- create index "api_keys_prefix_key" to table: "api_keys"
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys" ("prefix");
-- create index "apikey_user_id" to table: "api_keys"
CREATE INDEX "apikey_user_id" ON "api_keys" ("user_id");
-- create "fleets" table
CREATE TABLE "fleets" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "name" character varying NOT NULL, "owner_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "fleets_users_owned_fleets" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create index "fleet_owner_id" to table: "fleets"
CREATE INDEX "fleet_owner_id" ON "fleets" ("owner_id");
-- create "devices" table
CREATE TABLE "devices" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "name" character varying NOT NULL, "token_hash" bytea NOT NULL, "last_seen_at" timestamptz NULL, "fleet_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "devices_fleets_devices" FOREIGN KEY ("fleet_id") REFERENCES "fleets" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create index "device_fleet_id" to table: "devices"
CREATE INDEX "device_fleet_id" ON "devices" ("fleet_id");
-- create index "devices_token_hash_key" to table: "devices"
CREATE UNIQUE INDEX "devices_token_hash_key" ON "devices" ("token_hash");
-- create "fleet_members" table
CREATE TABLE "fleet_members" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "role" character varying NOT NULL, "fleet_id" character varying NOT NULL, "user_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "fleet_members_fleets_members" FOREIGN KEY ("fleet_id") REFERENCES "fleets" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "fleet_members_users_fleet_memberships" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create index "fleetmember_fleet_id_user_id" to table: "fleet_members"
CREATE UNIQUE INDEX "fleetmember_fleet_id_user_id" ON "fleet_members" ("fleet_id", "user_id");
-- create index "fleetmember_user_id" to table: "fleet_members"
CREATE INDEX "fleetmember_user_id" ON "fleet_members" ("user_id");
-- create "identities" table
CREATE TABLE "identities" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "provider" character varying NOT NULL, "subject" character varying NOT NULL, "email" character varying NOT NULL DEFAULT '', "user_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "identities_users_identities" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create index "identity_provider_subject" to table: "identities"
CREATE UNIQUE INDEX "identity_provider_subject" ON "identities" ("provider", "subject");
-- create index "identity_user_id" to table: "identities"
CREATE INDEX "identity_user_id" ON "identities" ("user_id");
-- create "one_time_tokens" table
CREATE TABLE "one_time_tokens" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "purpose" character varying NOT NULL, "token_hash" bytea NOT NULL, "email" character varying NOT NULL DEFAULT '', "expires_at" timestamptz NOT NULL, "used_at" timestamptz NULL, "attempts" bigint NOT NULL DEFAULT 0, "data" jsonb NULL, "user_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "one_time_tokens_users_one_time_tokens" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create index "one_time_tokens_token_hash_key" to table: "one_time_tokens"
CREATE UNIQUE INDEX "one_time_tokens_token_hash_key" ON "one_time_tokens" ("token_hash");
-- create index "onetimetoken_user_id_purpose" to table: "one_time_tokens"
CREATE INDEX "onetimetoken_user_id_purpose" ON "one_time_tokens" ("user_id", "purpose");
-- create "recovery_codes" table
CREATE TABLE "recovery_codes" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "code_hash" bytea NOT NULL, "used_at" timestamptz NULL, "user_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "recovery_codes_users_recovery_codes" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create index "recovery_codes_code_hash_key" to table: "recovery_codes"
CREATE UNIQUE INDEX "recovery_codes_code_hash_key" ON "recovery_codes" ("code_hash");
-- create index "recoverycode_user_id" to table: "recovery_codes"
CREATE INDEX "recoverycode_user_id" ON "recovery_codes" ("user_id");
-- create "security_events" table
CREATE TABLE "security_events" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "kind" character varying NOT NULL, "ip" character varying NOT NULL DEFAULT '', "user_agent" character varying NOT NULL DEFAULT '', "user_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "security_events_users_security_events" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- create index "securityevent_user_id_created_at" to table: "security_events"
CREATE INDEX "securityevent_user_id_created_at" ON "security_events" ("user_id", "created_at");
-- create "sessions" table
CREATE TABLE "sessions" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "token_hash" bytea NOT NULL, "family_id" character varying NOT NULL, "expires_at" timestamptz NOT NULL, "absolute_expires_at" timestamptz NOT NULL, "last_used_at" timestamptz NOT NULL, "authenticated_at" timestamptz NULL, "user_agent" character varying NOT NULL DEFAULT '', "ip" character varying NOT NULL DEFAULT '', "rotated_at" timestamptz NULL, "revoked_at" timestamptz NULL, "user_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "sessions_users_sessions" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create index "session_family_id" to table: "sessions"
CREATE INDEX "session_family_id" ON "sessions" ("family_id");
-- create index "session_user_id" to table: "sessions"
CREATE INDEX "session_user_id" ON "sessions" ("user_id");
-- create index "sessions_token_hash_key" to table: "sessions"
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions" ("token_hash");
-- create "tot_ps" table
CREATE TABLE "tot_ps" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "secret_sealed" bytea NOT NULL, "confirmed_at" timestamptz NULL, "last_used_step" bigint NOT NULL DEFAULT 0, "user_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "tot_ps_users_totp" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create index "tot_ps_user_id_key" to table: "tot_ps"
CREATE UNIQUE INDEX "tot_ps_user_id_key" ON "tot_ps" ("user_id");

-- +goose Down
-- reverse: create index "tot_ps_user_id_key" to table: "tot_ps"
DROP INDEX "tot_ps_user_id_key";
-- reverse: create "tot_ps" table
DROP TABLE "tot_ps";
-- reverse: create index "sessions_token_hash_key" to table: "sessions"
DROP INDEX "sessions_token_hash_key";
-- reverse: create index "session_user_id" to table: "sessions"
DROP INDEX "session_user_id";
-- reverse: create index "session_family_id" to table: "sessions"
DROP INDEX "session_family_id";
-- reverse: create "sessions" table
DROP TABLE "sessions";
-- reverse: create index "securityevent_user_id_created_at" to table: "security_events"
DROP INDEX "securityevent_user_id_created_at";
-- reverse: create "security_events" table
DROP TABLE "security_events";
-- reverse: create index "recoverycode_user_id" to table: "recovery_codes"
DROP INDEX "recoverycode_user_id";
-- reverse: create index "recovery_codes_code_hash_key" to table: "recovery_codes"
DROP INDEX "recovery_codes_code_hash_key";
-- reverse: create "recovery_codes" table
DROP TABLE "recovery_codes";
-- reverse: create index "onetimetoken_user_id_purpose" to table: "one_time_tokens"
DROP INDEX "onetimetoken_user_id_purpose";
-- reverse: create index "one_time_tokens_token_hash_key" to table: "one_time_tokens"
DROP INDEX "one_time_tokens_token_hash_key";
-- reverse: create "one_time_tokens" table
DROP TABLE "one_time_tokens";
-- reverse: create index "identity_user_id" to table: "identities"
DROP INDEX "identity_user_id";
-- reverse: create index "identity_provider_subject" to table: "identities"
DROP INDEX "identity_provider_subject";
-- reverse: create "identities" table
DROP TABLE "identities";
-- reverse: create index "fleetmember_user_id" to table: "fleet_members"
DROP INDEX "fleetmember_user_id";
-- reverse: create index "fleetmember_fleet_id_user_id" to table: "fleet_members"
DROP INDEX "fleetmember_fleet_id_user_id";
-- reverse: create "fleet_members" table
DROP TABLE "fleet_members";
-- reverse: create index "devices_token_hash_key" to table: "devices"
DROP INDEX "devices_token_hash_key";
-- reverse: create index "device_fleet_id" to table: "devices"
DROP INDEX "device_fleet_id";
-- reverse: create "devices" table
DROP TABLE "devices";
-- reverse: create index "fleet_owner_id" to table: "fleets"
DROP INDEX "fleet_owner_id";
-- reverse: create "fleets" table
DROP TABLE "fleets";
-- reverse: create index "apikey_user_id" to table: "api_keys"
DROP INDEX "apikey_user_id";
-- reverse: create index "api_keys_prefix_key" to table: "api_keys"
DROP INDEX "api_keys_prefix_key";
-- reverse: create index "api_keys_key_hash_key" to table: "api_keys"
DROP INDEX "api_keys_key_hash_key";
-- reverse: create "api_keys" table
DROP TABLE "api_keys";
-- reverse: create "rate_limits" table
DROP TABLE "rate_limits";
-- reverse: create index "users_email_key_key" to table: "users"
DROP INDEX "users_email_key_key";
-- reverse: create "users" table
DROP TABLE "users";
-- reverse: create index "outboxemail_sent_at_failed_at_next_attempt_at" to table: "outbox_emails"
DROP INDEX "outboxemail_sent_at_failed_at_next_attempt_at";
-- reverse: create "outbox_emails" table
DROP TABLE "outbox_emails";
