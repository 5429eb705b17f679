-- +goose Up
-- create "fleet_invitations" table
CREATE TABLE "fleet_invitations" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "email" character varying NOT NULL, "role" character varying NOT NULL, "fleet_id" character varying NOT NULL, "inviter_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "fleet_invitations_fleets_invitations" FOREIGN KEY ("fleet_id") REFERENCES "fleets" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "fleet_invitations_users_sent_invitations" FOREIGN KEY ("inviter_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create index "fleetinvitation_fleet_id" to table: "fleet_invitations"
CREATE INDEX "fleetinvitation_fleet_id" ON "fleet_invitations" ("fleet_id");
-- create index "fleetinvitation_inviter_id" to table: "fleet_invitations"
CREATE INDEX "fleetinvitation_inviter_id" ON "fleet_invitations" ("inviter_id");
-- modify "one_time_tokens" table
ALTER TABLE "one_time_tokens" ADD COLUMN "invitation_id" character varying NULL, ADD CONSTRAINT "one_time_tokens_fleet_invitations_token" FOREIGN KEY ("invitation_id") REFERENCES "fleet_invitations" ("id") ON UPDATE NO ACTION ON DELETE CASCADE;
-- create index "one_time_tokens_invitation_id_key" to table: "one_time_tokens"
CREATE UNIQUE INDEX "one_time_tokens_invitation_id_key" ON "one_time_tokens" ("invitation_id");

-- move the invitations out of one_time_tokens (issue 16 item 2): a pending invitation
-- token's data named the fleet and the role, its user was the inviter and its email the
-- invited address. Each becomes a fleet_invitations row (id inv_ + the token's ULID)
-- and its token links to it; invitations used already, or whose fleet or inviter is
-- gone, have nothing left to do and are deleted.
INSERT INTO "fleet_invitations" ("id", "created_at", "email", "role", "fleet_id", "inviter_id")
SELECT 'inv_' || substr(t."id", 5), t."created_at", t."email", t."data"->>'role', t."data"->>'fleet_id', t."user_id"
FROM "one_time_tokens" t
WHERE t."purpose" = 'fleet_invitation' AND t."used_at" IS NULL AND t."email" <> ''
  AND t."data"->>'role' IN ('DEVELOPER', 'OPERATOR', 'OBSERVER')
  AND EXISTS (SELECT 1 FROM "fleets" f WHERE f."id" = t."data"->>'fleet_id')
  AND EXISTS (SELECT 1 FROM "users" u WHERE u."id" = t."user_id");
UPDATE "one_time_tokens" SET "invitation_id" = 'inv_' || substr("id", 5)
WHERE "purpose" = 'fleet_invitation'
  AND EXISTS (SELECT 1 FROM "fleet_invitations" i WHERE i."id" = 'inv_' || substr("one_time_tokens"."id", 5));
DELETE FROM "one_time_tokens" WHERE "purpose" = 'fleet_invitation' AND "invitation_id" IS NULL;
UPDATE "one_time_tokens" SET "data" = NULL WHERE "purpose" = 'fleet_invitation';

-- +goose Down
-- reverse: move the invitations back into the data of their tokens
UPDATE "one_time_tokens" t SET "data" = json_build_object('fleet_id', i."fleet_id", 'role', i."role")
FROM "fleet_invitations" i WHERE t."invitation_id" = i."id";
-- reverse: create index "one_time_tokens_invitation_id_key" to table: "one_time_tokens"
DROP INDEX "one_time_tokens_invitation_id_key";
-- reverse: modify "one_time_tokens" table
ALTER TABLE "one_time_tokens" DROP CONSTRAINT "one_time_tokens_fleet_invitations_token", DROP COLUMN "invitation_id";
-- reverse: create index "fleetinvitation_inviter_id" to table: "fleet_invitations"
DROP INDEX "fleetinvitation_inviter_id";
-- reverse: create index "fleetinvitation_fleet_id" to table: "fleet_invitations"
DROP INDEX "fleetinvitation_fleet_id";
-- reverse: create "fleet_invitations" table
DROP TABLE "fleet_invitations";
