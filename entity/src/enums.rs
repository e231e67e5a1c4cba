//! The status and kind enums of the ops-center schema.
//!
//! Each enum is a native `ENUM` type on PostgreSQL (named by `enum_name`), an
//! inline `ENUM(...)` column on MySQL/MariaDB and a text column on SQLite. The
//! string values are what the database stores and what serde reads and writes,
//! so they must never change without a migration. The [`migration_job`](crate::migration_job)
//! docs show one stored, filtered on and read back.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A member's role inside an organization, from most to least privileged.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "member_role")]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    /// Owns the organization: billing, deletion and everything an admin can do.
    #[sea_orm(string_value = "owner")]
    Owner,
    /// Manages members, invitations, API keys and settings.
    #[sea_orm(string_value = "admin")]
    Admin,
    /// Uses the organization's resources.
    #[sea_orm(string_value = "member")]
    Member,
    /// Read-only access.
    #[sea_orm(string_value = "viewer")]
    Viewer,
}

/// Where an organization invitation stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "invitation_status")]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    /// Sent and waiting for an answer.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// The invitee joined the organization.
    #[sea_orm(string_value = "accepted")]
    Accepted,
    /// The invitee turned the invitation down.
    #[sea_orm(string_value = "declined")]
    Declined,
    /// Nobody answered before `expires_at`.
    #[sea_orm(string_value = "expired")]
    Expired,
    /// An admin withdrew the invitation.
    #[sea_orm(string_value = "revoked")]
    Revoked,
}

/// Whether an API key may still authenticate.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "api_key_status")]
#[serde(rename_all = "snake_case")]
pub enum ApiKeyStatus {
    /// The key authenticates requests.
    #[sea_orm(string_value = "active")]
    Active,
    /// The key was revoked by a user and never authenticates again.
    #[sea_orm(string_value = "revoked")]
    Revoked,
    /// The key passed its `expires_at`.
    #[sea_orm(string_value = "expired")]
    Expired,
}

/// A Cloudflare zone's status, as the Cloudflare API reports it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "zone_status")]
#[serde(rename_all = "snake_case")]
pub enum ZoneStatus {
    /// The zone is being set up by Cloudflare.
    #[sea_orm(string_value = "initializing")]
    Initializing,
    /// Waiting for the registrar to point the domain at Cloudflare's name servers.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Cloudflare serves the zone.
    #[sea_orm(string_value = "active")]
    Active,
    /// The domain's name servers no longer point at Cloudflare.
    #[sea_orm(string_value = "moved")]
    Moved,
}

/// The type of a DNS record; values are the upper-case names DNS uses.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "dns_record_type")]
#[serde(rename_all = "UPPERCASE")]
pub enum DnsRecordType {
    /// IPv4 address record.
    #[sea_orm(string_value = "A")]
    A,
    /// IPv6 address record.
    #[sea_orm(string_value = "AAAA")]
    Aaaa,
    /// Canonical name (alias) record.
    #[sea_orm(string_value = "CNAME")]
    Cname,
    /// Mail exchanger record; uses `priority`.
    #[sea_orm(string_value = "MX")]
    Mx,
    /// Text record (SPF, DKIM, verification tokens ...).
    #[sea_orm(string_value = "TXT")]
    Txt,
    /// Name server delegation record.
    #[sea_orm(string_value = "NS")]
    Ns,
    /// Service locator record.
    #[sea_orm(string_value = "SRV")]
    Srv,
    /// Certification authority authorization record.
    #[sea_orm(string_value = "CAA")]
    Caa,
}

/// What a Cloudflare firewall rule does with the requests it matches.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "firewall_action")]
#[serde(rename_all = "snake_case")]
pub enum FirewallAction {
    /// Reject the request.
    #[sea_orm(string_value = "block")]
    Block,
    /// Show an interactive challenge (legacy CAPTCHA).
    #[sea_orm(string_value = "challenge")]
    Challenge,
    /// Show a JavaScript challenge.
    #[sea_orm(string_value = "js_challenge")]
    JsChallenge,
    /// Let Cloudflare pick the challenge (managed challenge).
    #[sea_orm(string_value = "managed_challenge")]
    ManagedChallenge,
    /// Let the request through, skipping later firewall rules.
    #[sea_orm(string_value = "allow")]
    Allow,
    /// Only log the match.
    #[sea_orm(string_value = "log")]
    Log,
    /// Skip the named Cloudflare security features for the request.
    #[sea_orm(string_value = "bypass")]
    Bypass,
}

/// The life cycle of a domain migration job (Namecheap to Cloudflare).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(
    rs_type = "String",
    db_type = "Enum",
    enum_name = "migration_job_status"
)]
#[serde(rename_all = "snake_case")]
pub enum MigrationJobStatus {
    /// Queued, not started.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Being worked on.
    #[sea_orm(string_value = "running")]
    Running,
    /// Finished; see `failed_domains` for partial failures.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// Stopped by an error; see `error_message`.
    #[sea_orm(string_value = "failed")]
    Failed,
    /// Stopped by a user before it finished.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
    /// Its changes were undone.
    #[sea_orm(string_value = "rolled_back")]
    RolledBack,
}

/// A Namecheap domain's state: its registrar state, then its migration progress.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(
    rs_type = "String",
    db_type = "Enum",
    enum_name = "namecheap_domain_status"
)]
#[serde(rename_all = "snake_case")]
pub enum NamecheapDomainStatus {
    /// Registered and resolving at Namecheap.
    #[sea_orm(string_value = "active")]
    Active,
    /// The registration lapsed.
    #[sea_orm(string_value = "expired")]
    Expired,
    /// Registrar lock or a hold prevents changes.
    #[sea_orm(string_value = "locked")]
    Locked,
    /// A migration job is moving the domain to Cloudflare.
    #[sea_orm(string_value = "migrating")]
    Migrating,
    /// The domain now resolves through Cloudflare.
    #[sea_orm(string_value = "migrated")]
    Migrated,
    /// The last migration attempt failed.
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// A domain's progress on the Cloudflare side of a migration.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(
    rs_type = "String",
    db_type = "Enum",
    enum_name = "cloudflare_domain_status"
)]
#[serde(rename_all = "snake_case")]
pub enum CloudflareDomainStatus {
    /// Not yet added to Cloudflare.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// The Cloudflare zone exists.
    #[sea_orm(string_value = "zone_created")]
    ZoneCreated,
    /// The DNS records were copied into the zone.
    #[sea_orm(string_value = "dns_imported")]
    DnsImported,
    /// The registrar now points at Cloudflare's name servers.
    #[sea_orm(string_value = "nameservers_updated")]
    NameserversUpdated,
    /// Cloudflare reports the zone active.
    #[sea_orm(string_value = "active")]
    Active,
    /// A step failed; see `error_message`.
    #[sea_orm(string_value = "failed")]
    Failed,
}
