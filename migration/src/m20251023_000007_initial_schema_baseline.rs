//! The baseline: the whole ops-center schema, where this toolkit takes over from Alembic.
//!
//! Eleven tables in five groups (organizations, authentication, audit,
//! Cloudflare DNS/firewall, domain migration) with the column and index
//! counts of the Alembic baseline, their foreign keys (all `ON DELETE
//! CASCADE`), and on PostgreSQL the nine enum types they use.
//!
//! This file is frozen. It spells the schema out in the sea-query DSL and
//! never reads the entity crate, so editing an entity can never change what
//! this migration does to a database; schema changes go in new migrations.
//!
//! One statement list serves the three backends:
//! - enum columns are native enum types on PostgreSQL (created first, dropped
//!   last), inline `ENUM(...)` on MySQL/MariaDB and text on SQLite;
//! - JSON columns are `jsonb` on PostgreSQL, `json` on MySQL/MariaDB and text
//!   on SQLite;
//! - timestamps are `timestamptz` on PostgreSQL, `DATETIME(6)` in UTC on
//!   MySQL/MariaDB (see `Timestamps`) and text on SQLite;
//! - foreign keys are declared inside `CREATE TABLE`, because SQLite cannot
//!   add one to an existing table.
//!
//! Names follow SeaORM's own convention (`idx-<table>-<column>` for indexes
//! and unique keys, `fk-<table>-<column>` for foreign keys), the names the
//! entities' `indexed` / `unique_key` / `fk_name` attributes produce. That is
//! what keeps SeaORM's entity-first schema sync a no-op on a migrated
//! database: on PostgreSQL it cannot see non-unique indexes and re-creates
//! them `IF NOT EXISTS` by name, so any other name would gain a duplicate.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;
use sea_orm_migration::sea_query::extension::postgres::Type;

/// The baseline migration: creates the 11 ops-center tables, drops them on `down`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            for db_enum in ENUMS {
                manager
                    .create_type(
                        Type::create()
                            .as_enum(db_enum.name)
                            .values(db_enum.values.iter().copied())
                            .to_owned(),
                    )
                    .await?;
            }
        }
        // Parents before children, so every foreign key finds its table.
        for table in tables(Timestamps(manager.get_database_backend())) {
            manager.create_table(table.create).await?;
            for index in table.indexes {
                manager.create_index(index).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents; a table's indexes go with it.
        for table in tables(Timestamps(manager.get_database_backend()))
            .into_iter()
            .rev()
        {
            manager
                .drop_table(Table::drop().table(table.name).to_owned())
                .await?;
        }
        if manager.get_database_backend() == DbBackend::Postgres {
            for db_enum in ENUMS.iter().rev() {
                manager
                    .drop_type(Type::drop().name(db_enum.name).to_owned())
                    .await?;
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Enum types: names and values, frozen as they were at the baseline.
// ---------------------------------------------------------------------------

/// An enum type of the schema: its database name and its values, in order.
struct DbEnum {
    name: &'static str,
    values: &'static [&'static str],
}

const MEMBER_ROLE: DbEnum = DbEnum {
    name: "member_role",
    values: &["owner", "admin", "member", "viewer"],
};

const INVITATION_STATUS: DbEnum = DbEnum {
    name: "invitation_status",
    values: &["pending", "accepted", "declined", "expired", "revoked"],
};

const API_KEY_STATUS: DbEnum = DbEnum {
    name: "api_key_status",
    values: &["active", "revoked", "expired"],
};

const ZONE_STATUS: DbEnum = DbEnum {
    name: "zone_status",
    values: &["initializing", "pending", "active", "moved"],
};

const DNS_RECORD_TYPE: DbEnum = DbEnum {
    name: "dns_record_type",
    values: &["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA"],
};

const FIREWALL_ACTION: DbEnum = DbEnum {
    name: "firewall_action",
    values: &[
        "block",
        "challenge",
        "js_challenge",
        "managed_challenge",
        "allow",
        "log",
        "bypass",
    ],
};

const MIGRATION_JOB_STATUS: DbEnum = DbEnum {
    name: "migration_job_status",
    values: &[
        "pending",
        "running",
        "completed",
        "failed",
        "cancelled",
        "rolled_back",
    ],
};

const NAMECHEAP_DOMAIN_STATUS: DbEnum = DbEnum {
    name: "namecheap_domain_status",
    values: &[
        "active",
        "expired",
        "locked",
        "migrating",
        "migrated",
        "failed",
    ],
};

const CLOUDFLARE_DOMAIN_STATUS: DbEnum = DbEnum {
    name: "cloudflare_domain_status",
    values: &[
        "pending",
        "zone_created",
        "dns_imported",
        "nameservers_updated",
        "active",
        "failed",
    ],
};

/// Every enum type, in creation order (`down` drops them in reverse).
const ENUMS: [DbEnum; 9] = [
    MEMBER_ROLE,
    INVITATION_STATUS,
    API_KEY_STATUS,
    ZONE_STATUS,
    DNS_RECORD_TYPE,
    FIREWALL_ACTION,
    MIGRATION_JOB_STATUS,
    NAMECHEAP_DOMAIN_STATUS,
    CLOUDFLARE_DOMAIN_STATUS,
];

// ---------------------------------------------------------------------------
// Identifiers.
// ---------------------------------------------------------------------------

#[derive(DeriveIden, Clone, Copy)]
enum Organizations {
    Table,
    Id,
    Name,
    Slug,
    Description,
    OwnerUserId,
    Plan,
    BillingEmail,
    MaxMembers,
    IsActive,
    Settings,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrganizationMembers {
    Table,
    Id,
    OrganizationId,
    UserId,
    Role,
    InvitedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrganizationInvitations {
    Table,
    Id,
    OrganizationId,
    Email,
    Role,
    TokenHash,
    Status,
    InvitedBy,
    ExpiresAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ApiKeys {
    Table,
    Id,
    OrganizationId,
    Name,
    KeyPrefix,
    KeyHash,
    Scopes,
    Status,
    CreatedBy,
    LastUsedAt,
    ExpiresAt,
    RevokedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditLogs {
    Table,
    Id,
    OrganizationId,
    ActorId,
    Action,
    ResourceType,
    ResourceId,
    Success,
    Details,
    IpAddress,
    UserAgent,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CloudflareZones {
    Table,
    Id,
    CloudflareId,
    Name,
    AccountId,
    Status,
    Paused,
    NameServers,
    Metadata,
    LastSyncedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CloudflareDnsRecords {
    Table,
    Id,
    ZoneId,
    CloudflareId,
    RecordType,
    Name,
    Content,
    Ttl,
    Proxied,
    Priority,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CloudflareFirewallRules {
    Table,
    Id,
    ZoneId,
    CloudflareId,
    Description,
    Expression,
    Action,
    Priority,
    Paused,
    Metadata,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum MigrationJobs {
    Table,
    Id,
    Status,
    Domains,
    Options,
    Result,
    ErrorMessage,
    TotalDomains,
    CompletedDomains,
    FailedDomains,
    StartedAt,
    CompletedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum NamecheapDomains {
    Table,
    Id,
    DomainName,
    Status,
    ExpiresAt,
    AutoRenew,
    IsLocked,
    WhoisGuard,
    Nameservers,
    LastSyncedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CloudflareDomains {
    Table,
    Id,
    DomainName,
    Status,
    CloudflareZoneId,
    AccountId,
    Nameservers,
    OriginalNameservers,
    DnsRecordsImported,
    ErrorMessage,
    ActivatedAt,
    CreatedAt,
    UpdatedAt,
}

// ---------------------------------------------------------------------------
// Tables, in creation order.
// ---------------------------------------------------------------------------

/// One table of the baseline: its name, its `CREATE TABLE` and its `CREATE INDEX` statements.
struct BaselineTable {
    name: DynIden,
    create: TableCreateStatement,
    indexes: Vec<IndexCreateStatement>,
}

/// The 11 tables, parents before children.
fn tables(ts: Timestamps) -> Vec<BaselineTable> {
    vec![
        organizations(ts),
        organization_members(ts),
        organization_invitations(ts),
        api_keys(ts),
        audit_logs(ts),
        cloudflare_zones(ts),
        cloudflare_dns_records(ts),
        cloudflare_firewall_rules(ts),
        migration_jobs(ts),
        namecheap_domains(ts),
        cloudflare_domains(ts),
    ]
}

fn organizations(ts: Timestamps) -> BaselineTable {
    use Organizations as T;
    BaselineTable {
        name: T::Table.into_iden(),
        create: Table::create()
            .table(T::Table)
            .col(id(T::Id))
            .col(string(T::Name))
            .col(string(T::Slug))
            .col(text_null(T::Description))
            .col(string(T::OwnerUserId))
            .col(string(T::Plan))
            .col(string_null(T::BillingEmail))
            .col(integer(T::MaxMembers))
            .col(boolean(T::IsActive))
            .col(json(T::Settings))
            .col(ts.required(T::CreatedAt))
            .col(ts.required(T::UpdatedAt))
            .to_owned(),
        indexes: vec![
            unique_index("idx-organizations-slug", T::Table, [T::Slug]),
            index("idx-organizations-name", T::Table, [T::Name]),
            index(
                "idx-organizations-owner_user_id",
                T::Table,
                [T::OwnerUserId],
            ),
        ],
    }
}

fn organization_members(ts: Timestamps) -> BaselineTable {
    use OrganizationMembers as T;
    BaselineTable {
        name: T::Table.into_iden(),
        create: Table::create()
            .table(T::Table)
            .col(id(T::Id))
            .col(integer(T::OrganizationId))
            .col(string(T::UserId))
            .col(enumeration(T::Role, &MEMBER_ROLE))
            .col(string_null(T::InvitedBy))
            .col(ts.required(T::CreatedAt))
            .col(ts.required(T::UpdatedAt))
            .foreign_key(&mut cascade(
                "fk-organization_members-organization_id",
                (T::Table, T::OrganizationId),
                (Organizations::Table, Organizations::Id),
            ))
            .to_owned(),
        indexes: vec![
            unique_index(
                "idx-organization_members-organization_id_user_id",
                T::Table,
                [T::OrganizationId, T::UserId],
            ),
            index("idx-organization_members-user_id", T::Table, [T::UserId]),
        ],
    }
}

fn organization_invitations(ts: Timestamps) -> BaselineTable {
    use OrganizationInvitations as T;
    BaselineTable {
        name: T::Table.into_iden(),
        create: Table::create()
            .table(T::Table)
            .col(id(T::Id))
            .col(integer(T::OrganizationId))
            .col(string(T::Email))
            .col(enumeration(T::Role, &MEMBER_ROLE))
            .col(string(T::TokenHash))
            .col(enumeration(T::Status, &INVITATION_STATUS))
            .col(string(T::InvitedBy))
            .col(ts.required(T::ExpiresAt))
            .col(ts.required(T::CreatedAt))
            .col(ts.required(T::UpdatedAt))
            .foreign_key(&mut cascade(
                "fk-organization_invitations-organization_id",
                (T::Table, T::OrganizationId),
                (Organizations::Table, Organizations::Id),
            ))
            .to_owned(),
        indexes: vec![
            unique_index(
                "idx-organization_invitations-token_hash",
                T::Table,
                [T::TokenHash],
            ),
            index(
                "idx-organization_invitations-organization_id",
                T::Table,
                [T::OrganizationId],
            ),
            index("idx-organization_invitations-email", T::Table, [T::Email]),
            index("idx-organization_invitations-status", T::Table, [T::Status]),
            index(
                "idx-organization_invitations-expires_at",
                T::Table,
                [T::ExpiresAt],
            ),
        ],
    }
}

fn api_keys(ts: Timestamps) -> BaselineTable {
    use ApiKeys as T;
    BaselineTable {
        name: T::Table.into_iden(),
        create: Table::create()
            .table(T::Table)
            .col(id(T::Id))
            .col(integer(T::OrganizationId))
            .col(string(T::Name))
            .col(string(T::KeyPrefix))
            .col(string(T::KeyHash))
            .col(json(T::Scopes))
            .col(enumeration(T::Status, &API_KEY_STATUS))
            .col(string(T::CreatedBy))
            .col(ts.optional(T::LastUsedAt))
            .col(ts.optional(T::ExpiresAt))
            .col(ts.optional(T::RevokedAt))
            .col(ts.required(T::CreatedAt))
            .col(ts.required(T::UpdatedAt))
            .foreign_key(&mut cascade(
                "fk-api_keys-organization_id",
                (T::Table, T::OrganizationId),
                (Organizations::Table, Organizations::Id),
            ))
            .to_owned(),
        indexes: vec![
            unique_index("idx-api_keys-key_prefix", T::Table, [T::KeyPrefix]),
            unique_index("idx-api_keys-key_hash", T::Table, [T::KeyHash]),
            index(
                "idx-api_keys-organization_id",
                T::Table,
                [T::OrganizationId],
            ),
            index("idx-api_keys-status", T::Table, [T::Status]),
            index("idx-api_keys-created_by", T::Table, [T::CreatedBy]),
            index("idx-api_keys-expires_at", T::Table, [T::ExpiresAt]),
        ],
    }
}

fn audit_logs(ts: Timestamps) -> BaselineTable {
    use AuditLogs as T;
    BaselineTable {
        name: T::Table.into_iden(),
        create: Table::create()
            .table(T::Table)
            .col(id(T::Id))
            .col(integer_null(T::OrganizationId))
            .col(string_null(T::ActorId))
            .col(string(T::Action))
            .col(string(T::ResourceType))
            .col(string_null(T::ResourceId))
            .col(boolean(T::Success))
            .col(json(T::Details))
            .col(string_null(T::IpAddress))
            .col(text_null(T::UserAgent))
            .col(ts.required(T::CreatedAt))
            .col(ts.required(T::UpdatedAt))
            .foreign_key(&mut cascade(
                "fk-audit_logs-organization_id",
                (T::Table, T::OrganizationId),
                (Organizations::Table, Organizations::Id),
            ))
            .to_owned(),
        indexes: vec![
            index(
                "idx-audit_logs-organization_id",
                T::Table,
                [T::OrganizationId],
            ),
            index("idx-audit_logs-actor_id", T::Table, [T::ActorId]),
            index("idx-audit_logs-action", T::Table, [T::Action]),
            index("idx-audit_logs-resource_id", T::Table, [T::ResourceId]),
            index("idx-audit_logs-created_at", T::Table, [T::CreatedAt]),
        ],
    }
}

fn cloudflare_zones(ts: Timestamps) -> BaselineTable {
    use CloudflareZones as T;
    BaselineTable {
        name: T::Table.into_iden(),
        create: Table::create()
            .table(T::Table)
            .col(id(T::Id))
            .col(string(T::CloudflareId))
            .col(string(T::Name))
            .col(string(T::AccountId))
            .col(enumeration(T::Status, &ZONE_STATUS))
            .col(boolean(T::Paused))
            .col(json(T::NameServers))
            .col(json(T::Metadata))
            .col(ts.optional(T::LastSyncedAt))
            .col(ts.required(T::CreatedAt))
            .col(ts.required(T::UpdatedAt))
            .to_owned(),
        indexes: vec![
            unique_index(
                "idx-cloudflare_zones-cloudflare_id",
                T::Table,
                [T::CloudflareId],
            ),
            index("idx-cloudflare_zones-name", T::Table, [T::Name]),
            index("idx-cloudflare_zones-status", T::Table, [T::Status]),
        ],
    }
}

fn cloudflare_dns_records(ts: Timestamps) -> BaselineTable {
    use CloudflareDnsRecords as T;
    BaselineTable {
        name: T::Table.into_iden(),
        create: Table::create()
            .table(T::Table)
            .col(id(T::Id))
            .col(integer(T::ZoneId))
            .col(string(T::CloudflareId))
            .col(enumeration(T::RecordType, &DNS_RECORD_TYPE))
            .col(string(T::Name))
            .col(text(T::Content))
            .col(integer(T::Ttl))
            .col(boolean(T::Proxied))
            .col(integer_null(T::Priority))
            .col(ts.required(T::CreatedAt))
            .col(ts.required(T::UpdatedAt))
            .foreign_key(&mut cascade(
                "fk-cloudflare_dns_records-zone_id",
                (T::Table, T::ZoneId),
                (CloudflareZones::Table, CloudflareZones::Id),
            ))
            .to_owned(),
        indexes: vec![
            unique_index(
                "idx-cloudflare_dns_records-cloudflare_id",
                T::Table,
                [T::CloudflareId],
            ),
            index("idx-cloudflare_dns_records-zone_id", T::Table, [T::ZoneId]),
            index(
                "idx-cloudflare_dns_records-record_type",
                T::Table,
                [T::RecordType],
            ),
            index("idx-cloudflare_dns_records-name", T::Table, [T::Name]),
        ],
    }
}

fn cloudflare_firewall_rules(ts: Timestamps) -> BaselineTable {
    use CloudflareFirewallRules as T;
    BaselineTable {
        name: T::Table.into_iden(),
        create: Table::create()
            .table(T::Table)
            .col(id(T::Id))
            .col(integer(T::ZoneId))
            .col(string(T::CloudflareId))
            .col(string_null(T::Description))
            .col(text(T::Expression))
            .col(enumeration(T::Action, &FIREWALL_ACTION))
            .col(integer_null(T::Priority))
            .col(boolean(T::Paused))
            .col(json(T::Metadata))
            .col(ts.required(T::CreatedAt))
            .col(ts.required(T::UpdatedAt))
            .foreign_key(&mut cascade(
                "fk-cloudflare_firewall_rules-zone_id",
                (T::Table, T::ZoneId),
                (CloudflareZones::Table, CloudflareZones::Id),
            ))
            .to_owned(),
        indexes: vec![
            unique_index(
                "idx-cloudflare_firewall_rules-cloudflare_id",
                T::Table,
                [T::CloudflareId],
            ),
            index(
                "idx-cloudflare_firewall_rules-zone_id",
                T::Table,
                [T::ZoneId],
            ),
            index(
                "idx-cloudflare_firewall_rules-action",
                T::Table,
                [T::Action],
            ),
        ],
    }
}

fn migration_jobs(ts: Timestamps) -> BaselineTable {
    use MigrationJobs as T;
    BaselineTable {
        name: T::Table.into_iden(),
        create: Table::create()
            .table(T::Table)
            .col(id(T::Id))
            .col(enumeration(T::Status, &MIGRATION_JOB_STATUS))
            .col(json(T::Domains))
            .col(json(T::Options))
            .col(json_null(T::Result))
            .col(text_null(T::ErrorMessage))
            .col(integer(T::TotalDomains))
            .col(integer(T::CompletedDomains))
            .col(integer(T::FailedDomains))
            .col(ts.optional(T::StartedAt))
            .col(ts.optional(T::CompletedAt))
            .col(ts.required(T::CreatedAt))
            .col(ts.required(T::UpdatedAt))
            .to_owned(),
        indexes: vec![
            index("idx-migration_jobs-status", T::Table, [T::Status]),
            index("idx-migration_jobs-started_at", T::Table, [T::StartedAt]),
            index("idx-migration_jobs-created_at", T::Table, [T::CreatedAt]),
        ],
    }
}

fn namecheap_domains(ts: Timestamps) -> BaselineTable {
    use NamecheapDomains as T;
    BaselineTable {
        name: T::Table.into_iden(),
        create: Table::create()
            .table(T::Table)
            .col(id(T::Id))
            .col(string(T::DomainName))
            .col(enumeration(T::Status, &NAMECHEAP_DOMAIN_STATUS))
            .col(ts.optional(T::ExpiresAt))
            .col(boolean(T::AutoRenew))
            .col(boolean(T::IsLocked))
            .col(boolean(T::WhoisGuard))
            .col(json(T::Nameservers))
            .col(ts.optional(T::LastSyncedAt))
            .col(ts.required(T::CreatedAt))
            .col(ts.required(T::UpdatedAt))
            .to_owned(),
        indexes: vec![
            unique_index(
                "idx-namecheap_domains-domain_name",
                T::Table,
                [T::DomainName],
            ),
            index("idx-namecheap_domains-status", T::Table, [T::Status]),
            index("idx-namecheap_domains-expires_at", T::Table, [T::ExpiresAt]),
        ],
    }
}

fn cloudflare_domains(ts: Timestamps) -> BaselineTable {
    use CloudflareDomains as T;
    BaselineTable {
        name: T::Table.into_iden(),
        create: Table::create()
            .table(T::Table)
            .col(id(T::Id))
            .col(string(T::DomainName))
            .col(enumeration(T::Status, &CLOUDFLARE_DOMAIN_STATUS))
            .col(string_null(T::CloudflareZoneId))
            .col(string_null(T::AccountId))
            .col(json(T::Nameservers))
            .col(json(T::OriginalNameservers))
            .col(integer(T::DnsRecordsImported))
            .col(text_null(T::ErrorMessage))
            .col(ts.optional(T::ActivatedAt))
            .col(ts.required(T::CreatedAt))
            .col(ts.required(T::UpdatedAt))
            .to_owned(),
        indexes: vec![
            unique_index(
                "idx-cloudflare_domains-domain_name",
                T::Table,
                [T::DomainName],
            ),
            index("idx-cloudflare_domains-status", T::Table, [T::Status]),
            index(
                "idx-cloudflare_domains-cloudflare_zone_id",
                T::Table,
                [T::CloudflareZoneId],
            ),
        ],
    }
}

// ---------------------------------------------------------------------------
// Column, index and foreign-key builders. Local on purpose: a helper shared
// with later migrations could change under this frozen file.
// ---------------------------------------------------------------------------

/// `id`: auto-increment integer primary key.
fn id(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

/// A required `varchar` (255 on MySQL/MariaDB).
fn string(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).string().not_null().to_owned()
}

/// An optional `varchar` (255 on MySQL/MariaDB).
fn string_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).string().null().to_owned()
}

/// A required `text`.
fn text(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).text().not_null().to_owned()
}

/// An optional `text`.
fn text_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).text().null().to_owned()
}

/// A required 32-bit integer.
fn integer(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).integer().not_null().to_owned()
}

/// An optional 32-bit integer.
fn integer_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).integer().null().to_owned()
}

/// A required boolean.
fn boolean(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).boolean().not_null().to_owned()
}

/// A required JSON document (`jsonb` on PostgreSQL).
fn json(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).json_binary().not_null().to_owned()
}

/// An optional JSON document (`jsonb` on PostgreSQL).
fn json_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).json_binary().null().to_owned()
}

/// How the baseline stores timestamps on a backend: `timestamptz` on
/// PostgreSQL, text on SQLite, and `DATETIME(6)` holding UTC on MySQL/MariaDB,
/// whose `TIMESTAMP` ends in January 2038 and, on servers where
/// `explicit_defaults_for_timestamp` is off, silently gains
/// `ON UPDATE CURRENT_TIMESTAMP` on a table's first timestamp column.
#[derive(Clone, Copy)]
struct Timestamps(DbBackend);

impl Timestamps {
    /// A required timestamp.
    fn required(self, col: impl IntoIden) -> ColumnDef {
        self.column(col).not_null().to_owned()
    }

    /// An optional timestamp.
    fn optional(self, col: impl IntoIden) -> ColumnDef {
        self.column(col).null().to_owned()
    }

    fn column(self, col: impl IntoIden) -> ColumnDef {
        let mut def = ColumnDef::new(col);
        if self.0 == DbBackend::MySql {
            def.custom(Alias::new("DATETIME(6)"));
        } else {
            def.timestamp_with_time_zone();
        }
        def
    }
}

/// A required column of the enum type `db_enum`.
fn enumeration(col: impl IntoIden, db_enum: &DbEnum) -> ColumnDef {
    ColumnDef::new(col)
        .enumeration(db_enum.name, db_enum.values.iter().copied())
        .not_null()
        .to_owned()
}

/// A plain index named `name` on `cols` of `table`.
fn index<T, C>(name: &str, table: T, cols: impl IntoIterator<Item = C>) -> IndexCreateStatement
where
    T: IntoTableRef,
    C: IntoIndexColumn,
{
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(col);
    }
    stmt
}

/// A unique index named `name` on `cols` of `table`.
fn unique_index<T, C>(
    name: &str,
    table: T,
    cols: impl IntoIterator<Item = C>,
) -> IndexCreateStatement
where
    T: IntoTableRef,
    C: IntoIndexColumn,
{
    index(name, table, cols).unique().to_owned()
}

/// A foreign key `from` -> `to` that deletes the child rows with their parent.
fn cascade<FT, FC, TT, TC>(name: &str, from: (FT, FC), to: (TT, TC)) -> ForeignKeyCreateStatement
where
    FT: IntoIden,
    FC: IntoIden,
    TT: IntoIden,
    TC: IntoIden,
{
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}
