-- the run history, if it does not exist yet
CREATE TABLE IF NOT EXISTS "seaql_migrations_history" ( "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "version" varchar(255) NOT NULL, "action" varchar(32) NOT NULL, "checksum" varchar(64) NULL, "started_at" integer NOT NULL, "duration_ms" integer NULL, "run_by" varchar(255) NOT NULL, "toolkit_version" varchar(32) NOT NULL, "backup_id" varchar(255) NULL, "error" text NULL );

-- rolling back migration `m20251023_000007_initial_schema_baseline` (without a transaction: if it stops half-way, it is left dirty)
INSERT INTO "seaql_migrations_history" ("version", "action", "checksum", "started_at", "duration_ms", "run_by", "toolkit_version", "backup_id", "error") VALUES ('m20251023_000007_initial_schema_baseline', 'started', NULL, <unix-time>, 0, '<run-by>', '0.2.0', NULL, NULL);
DROP TABLE "cloudflare_domains";
DROP TABLE "namecheap_domains";
DROP TABLE "migration_jobs";
DROP TABLE "cloudflare_firewall_rules";
DROP TABLE "cloudflare_dns_records";
DROP TABLE "cloudflare_zones";
DROP TABLE "audit_logs";
DROP TABLE "api_keys";
DROP TABLE "organization_invitations";
DROP TABLE "organization_members";
DROP TABLE "organizations";
DELETE FROM "seaql_migrations" WHERE "version" = 'm20251023_000007_initial_schema_baseline';
INSERT INTO "seaql_migrations_history" ("version", "action", "checksum", "started_at", "duration_ms", "run_by", "toolkit_version", "backup_id", "error") VALUES ('m20251023_000007_initial_schema_baseline', 'rolled_back', NULL, <unix-time>, 0, '<run-by>', '0.2.0', NULL, NULL);
