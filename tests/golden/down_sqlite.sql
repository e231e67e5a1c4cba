-- rolling back migration `m20251023_000007_initial_schema_baseline`
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

