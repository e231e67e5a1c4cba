//! SeaORM entities for the ops-center database.
//!
//! This crate owns the Rust description of the schema: one module per table
//! (organizations, authentication, audit, Cloudflare DNS/firewall and domain
//! migration), the status enums in [`enums`], the shared `created_at` /
//! `updated_at` behaviour in [`timestamps`], and [`prelude`] with every
//! entity under a friendly name. The tables themselves are created by the
//! `migration` crate; the two must agree column for column.

pub mod enums;
pub mod prelude;
pub mod timestamps;

pub mod api_key;
pub mod audit_log;
pub mod cloudflare_dns_record;
pub mod cloudflare_domain;
pub mod cloudflare_firewall_rule;
pub mod cloudflare_zone;
pub mod migration_job;
pub mod namecheap_domain;
pub mod organization;
pub mod organization_invitation;
pub mod organization_member;
