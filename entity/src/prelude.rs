//! The entity types under friendly names, for `use entity::prelude::*`.

pub use crate::api_key::Entity as ApiKey;
pub use crate::audit_log::Entity as AuditLog;
pub use crate::cloudflare_dns_record::Entity as CloudflareDnsRecord;
pub use crate::cloudflare_domain::Entity as CloudflareDomain;
pub use crate::cloudflare_firewall_rule::Entity as CloudflareFirewallRule;
pub use crate::cloudflare_zone::Entity as CloudflareZone;
pub use crate::migration_job::Entity as MigrationJob;
pub use crate::namecheap_domain::Entity as NamecheapDomain;
pub use crate::organization::Entity as Organization;
pub use crate::organization_invitation::Entity as OrganizationInvitation;
pub use crate::organization_member::Entity as OrganizationMember;
