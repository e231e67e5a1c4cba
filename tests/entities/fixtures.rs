//! One builder per entity: a filled `ActiveModel` with every column but the
//! id and the two bookkeeping timestamps set, ready to insert.
//!
//! Values are chosen to be awkward for a database: non-ASCII text, nested
//! JSON, both `Some` and `None` in nullable columns. Fixed instants are whole
//! seconds in UTC before 2038, the only ones MariaDB's `TIMESTAMP` stores
//! exactly. Arguments fill the unique columns, so callers can insert several.

use entity::enums::{
    ApiKeyStatus, CloudflareDomainStatus, DnsRecordType, FirewallAction, InvitationStatus,
    MemberRole, MigrationJobStatus, NamecheapDomainStatus, ZoneStatus,
};
use entity::{
    api_key, audit_log, cloudflare_dns_record, cloudflare_domain, cloudflare_firewall_rule,
    cloudflare_zone, migration_job, namecheap_domain, organization, organization_invitation,
    organization_member,
};
use sea_orm::ActiveValue::Set;
use sea_orm::prelude::DateTimeWithTimeZone;
use serde_json::json;

/// The instant written as RFC 3339 `text`.
pub fn at(text: &str) -> DateTimeWithTimeZone {
    DateTimeWithTimeZone::parse_from_rfc3339(text).expect("fixture timestamp is RFC 3339")
}

/// An active organization on the `pro` plan, with handle `slug`.
pub fn organization(slug: &str) -> organization::ActiveModel {
    organization::ActiveModel {
        name: Set(format!("{slug} Corp")),
        slug: Set(slug.to_owned()),
        description: Set(Some("Équipe réseau — 東京 office".to_owned())),
        owner_user_id: Set("auth0|owner".to_owned()),
        plan: Set("pro".to_owned()),
        billing_email: Set(Some(format!("billing@{slug}.example"))),
        max_members: Set(25),
        is_active: Set(true),
        settings: Set(json!({"theme": "dark", "features": {"sso": true, "retention_days": 90}})),
        ..Default::default()
    }
}

/// A plain member `user_id` of the organization.
pub fn member(organization_id: i32, user_id: &str) -> organization_member::ActiveModel {
    organization_member::ActiveModel {
        organization_id: Set(organization_id),
        user_id: Set(user_id.to_owned()),
        role: Set(MemberRole::Member),
        invited_by: Set(Some("auth0|owner".to_owned())),
        ..Default::default()
    }
}

/// A pending viewer invitation to the organization, identified by `token_hash`.
pub fn invitation(organization_id: i32, token_hash: &str) -> organization_invitation::ActiveModel {
    organization_invitation::ActiveModel {
        organization_id: Set(organization_id),
        email: Set("zoë@example.com".to_owned()),
        role: Set(MemberRole::Viewer),
        token_hash: Set(token_hash.to_owned()),
        status: Set(InvitationStatus::Pending),
        invited_by: Set("auth0|owner".to_owned()),
        expires_at: Set(at("2030-01-15T09:30:00Z")),
        ..Default::default()
    }
}

/// An active API key of the organization, looked up by `key_prefix`.
pub fn api_key(organization_id: i32, key_prefix: &str) -> api_key::ActiveModel {
    api_key::ActiveModel {
        organization_id: Set(organization_id),
        name: Set("ci-deploy".to_owned()),
        key_prefix: Set(key_prefix.to_owned()),
        key_hash: Set(format!("sha256:{key_prefix}")),
        scopes: Set(json!(["zones:read", "dns:write"])),
        status: Set(ApiKeyStatus::Active),
        created_by: Set("auth0|owner".to_owned()),
        last_used_at: Set(Some(at("2029-12-31T23:59:59Z"))),
        expires_at: Set(Some(at("2030-06-30T00:00:00Z"))),
        revoked_at: Set(None),
        ..Default::default()
    }
}

/// A successful `member.invite` entry; `None` makes it system-wide.
pub fn audit_log(organization_id: Option<i32>) -> audit_log::ActiveModel {
    audit_log::ActiveModel {
        organization_id: Set(organization_id),
        actor_id: Set(Some("api_key:ock_3f9a2b1c".to_owned())),
        action: Set("member.invite".to_owned()),
        resource_type: Set("organization".to_owned()),
        resource_id: Set(organization_id.map(|id| id.to_string())),
        success: Set(true),
        details: Set(json!({"email": "zoë@example.com", "changes": [{"role": [null, "viewer"]}]})),
        ip_address: Set(Some("2001:db8::1".to_owned())),
        user_agent: Set(Some("curl/8.5.0".to_owned())),
        ..Default::default()
    }
}

/// An active zone for `example.com`, Cloudflare id `cloudflare_id`.
pub fn zone(cloudflare_id: &str) -> cloudflare_zone::ActiveModel {
    cloudflare_zone::ActiveModel {
        cloudflare_id: Set(cloudflare_id.to_owned()),
        name: Set("example.com".to_owned()),
        account_id: Set("acc-1".to_owned()),
        status: Set(ZoneStatus::Active),
        paused: Set(false),
        name_servers: Set(json!(["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"])),
        metadata: Set(json!({"plan": {"name": "Free", "price": 0}, "owner": null})),
        last_synced_at: Set(Some(at("2030-01-01T00:00:00Z"))),
        ..Default::default()
    }
}

/// An MX record of the zone, Cloudflare id `cloudflare_id`.
pub fn dns_record(zone_id: i32, cloudflare_id: &str) -> cloudflare_dns_record::ActiveModel {
    cloudflare_dns_record::ActiveModel {
        zone_id: Set(zone_id),
        cloudflare_id: Set(cloudflare_id.to_owned()),
        record_type: Set(DnsRecordType::Mx),
        name: Set("example.com".to_owned()),
        content: Set("mail.example.com".to_owned()),
        ttl: Set(3600),
        proxied: Set(false),
        priority: Set(Some(10)),
        ..Default::default()
    }
}

/// A blocking firewall rule of the zone, Cloudflare id `cloudflare_id`.
pub fn firewall_rule(zone_id: i32, cloudflare_id: &str) -> cloudflare_firewall_rule::ActiveModel {
    cloudflare_firewall_rule::ActiveModel {
        zone_id: Set(zone_id),
        cloudflare_id: Set(cloudflare_id.to_owned()),
        description: Set(Some("Block the scanner".to_owned())),
        expression: Set(r#"ip.src eq 192.0.2.1 and http.user_agent contains "scan""#.to_owned()),
        action: Set(FirewallAction::Block),
        priority: Set(Some(1)),
        paused: Set(false),
        metadata: Set(json!({"products": ["waf"], "ref": "FW-1"})),
        ..Default::default()
    }
}

/// A queued job for two domains, with no result yet.
pub fn migration_job() -> migration_job::ActiveModel {
    migration_job::ActiveModel {
        status: Set(MigrationJobStatus::Pending),
        domains: Set(json!(["example.com", "bücher.example"])),
        options: Set(json!({"dry_run": true, "proxied": false})),
        result: Set(None),
        error_message: Set(None),
        total_domains: Set(2),
        completed_domains: Set(0),
        failed_domains: Set(0),
        started_at: Set(Some(at("2030-03-01T09:00:00Z"))),
        completed_at: Set(None),
        ..Default::default()
    }
}

/// An active, locked Namecheap registration of `domain_name`.
pub fn namecheap_domain(domain_name: &str) -> namecheap_domain::ActiveModel {
    namecheap_domain::ActiveModel {
        domain_name: Set(domain_name.to_owned()),
        status: Set(NamecheapDomainStatus::Active),
        expires_at: Set(Some(at("2031-05-20T00:00:00Z"))),
        auto_renew: Set(true),
        is_locked: Set(true),
        whois_guard: Set(true),
        nameservers: Set(json!([
            "dns1.registrar-servers.com",
            "dns2.registrar-servers.com"
        ])),
        last_synced_at: Set(None),
        ..Default::default()
    }
}

/// A domain not yet added to Cloudflare.
pub fn cloudflare_domain(domain_name: &str) -> cloudflare_domain::ActiveModel {
    cloudflare_domain::ActiveModel {
        domain_name: Set(domain_name.to_owned()),
        status: Set(CloudflareDomainStatus::Pending),
        cloudflare_zone_id: Set(None),
        account_id: Set(Some("acc-1".to_owned())),
        nameservers: Set(json!([])),
        original_nameservers: Set(json!(["dns1.registrar-servers.com"])),
        dns_records_imported: Set(0),
        error_message: Set(None),
        activated_at: Set(None),
        ..Default::default()
    }
}
