-- rolling back migration `m20251023_000007_initial_schema_baseline`
BEGIN;
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
DROP TYPE "cloudflare_domain_status";
DROP TYPE "namecheap_domain_status";
DROP TYPE "migration_job_status";
DROP TYPE "firewall_action";
DROP TYPE "dns_record_type";
DROP TYPE "zone_status";
DROP TYPE "api_key_status";
DROP TYPE "invitation_status";
DROP TYPE "member_role";
DELETE FROM "seaql_migrations" WHERE "version" = 'm20251023_000007_initial_schema_baseline';
COMMIT;

