//! The entity crate against a database migrated by the stock `Migrator::up`:
//! every entity's insert / select / update / delete round trip, exact enum
//! and JSON values, `created_at` / `updated_at` bookkeeping, cascading
//! deletes and loading related rows, on PostgreSQL, MariaDB and SQLite.
//!
//! Because the schema comes from the migration and the values from the
//! entities, these tests are also where a disagreement between the two (a
//! missing enum value, a column of the wrong type) shows up.

mod fixtures;
mod steps;

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
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, Iterable,
    QueryFilter, Value,
};
use serde_json::json;

use crate::support::Backend;
use fixtures::{
    api_key, at, audit_log, cloudflare_domain, dns_record, firewall_rule, invitation, member,
    migration_job, namecheap_domain, organization, zone,
};
use steps::{
    CLOCK_TICK, assert_crud_round_trip, assert_each_value_round_trips, assert_update_stamps, count,
    find, insert, migrated,
};

// ---------------------------------------------------------------------------
// Every entity round-trips through insert / find_by_id / update / delete.
// ---------------------------------------------------------------------------

async fn every_entity_round_trips_through_insert_select_update_delete(backend: Backend) {
    let (_db, conn) = migrated(backend).await;
    let org = insert(&conn, organization("parent")).await;
    let zone_row = insert(&conn, zone("parent-zone")).await;

    assert_crud_round_trip(&conn, organization("acme"), |m| {
        m.plan = Set("enterprise".to_owned());
        m.billing_email = Set(None);
        m.is_active = Set(false);
        m.settings = Set(json!({"theme": "light", "features": {"sso": false}}));
    })
    .await;
    assert_crud_round_trip(&conn, member(org.id, "auth0|ada"), |m| {
        m.role = Set(MemberRole::Admin);
        m.invited_by = Set(None);
    })
    .await;
    assert_crud_round_trip(&conn, invitation(org.id, "token-1"), |m| {
        m.status = Set(InvitationStatus::Accepted);
        m.expires_at = Set(at("2031-06-30T12:00:00Z"));
    })
    .await;
    assert_crud_round_trip(&conn, api_key(org.id, "ock_3f9a2b1c"), |m| {
        m.status = Set(ApiKeyStatus::Revoked);
        m.revoked_at = Set(Some(at("2030-02-01T08:30:00Z")));
        m.scopes = Set(json!([]));
    })
    .await;
    assert_crud_round_trip(&conn, audit_log(Some(org.id)), |m| {
        m.success = Set(false);
        m.details = Set(json!({"error": "seat limit reached"}));
        m.organization_id = Set(None);
    })
    .await;
    assert_crud_round_trip(&conn, zone("zone-1"), |m| {
        m.status = Set(ZoneStatus::Moved);
        m.paused = Set(true);
        m.last_synced_at = Set(None);
    })
    .await;
    assert_crud_round_trip(&conn, dns_record(zone_row.id, "rec-1"), |m| {
        m.record_type = Set(DnsRecordType::Txt);
        m.content = Set("v=spf1 include:_spf.example.com ~all".to_owned());
        m.priority = Set(None);
    })
    .await;
    assert_crud_round_trip(&conn, firewall_rule(zone_row.id, "rule-1"), |m| {
        m.action = Set(FirewallAction::ManagedChallenge);
        m.paused = Set(true);
        m.description = Set(None);
    })
    .await;
    assert_crud_round_trip(&conn, migration_job(), |m| {
        m.status = Set(MigrationJobStatus::Completed);
        m.completed_domains = Set(2);
        m.result = Set(Some(json!({"example.com": "ok", "example.org": "ok"})));
        m.completed_at = Set(Some(at("2030-03-01T10:00:00Z")));
    })
    .await;
    assert_crud_round_trip(&conn, namecheap_domain("example.com"), |m| {
        m.status = Set(NamecheapDomainStatus::Migrating);
        m.is_locked = Set(false);
    })
    .await;
    assert_crud_round_trip(&conn, cloudflare_domain("example.com"), |m| {
        m.status = Set(CloudflareDomainStatus::Failed);
        m.error_message = Set(Some("zone already exists".to_owned()));
    })
    .await;
}

on_every_backend!(every_entity_round_trips_through_insert_select_update_delete);

// ---------------------------------------------------------------------------
// Every value of every enum column is accepted and read back as written.
// ---------------------------------------------------------------------------

async fn every_enum_value_round_trips_in_every_enum_column(backend: Backend) {
    let (_db, conn) = migrated(backend).await;
    let org = insert(&conn, organization("acme")).await;
    let zone_row = insert(&conn, zone("zone-1")).await;

    let row = insert(&conn, member(org.id, "auth0|ada")).await;
    assert_each_value_round_trips(
        &conn,
        row,
        &[organization_member::Column::Role],
        MemberRole::iter(),
    )
    .await;
    let row = insert(&conn, invitation(org.id, "token-1")).await;
    let row = assert_each_value_round_trips(
        &conn,
        row,
        &[organization_invitation::Column::Role],
        MemberRole::iter(),
    )
    .await;
    assert_each_value_round_trips(
        &conn,
        row,
        &[organization_invitation::Column::Status],
        InvitationStatus::iter(),
    )
    .await;
    let row = insert(&conn, api_key(org.id, "ock_3f9a2b1c")).await;
    assert_each_value_round_trips(&conn, row, &[api_key::Column::Status], ApiKeyStatus::iter())
        .await;
    assert_each_value_round_trips(
        &conn,
        zone_row.clone(),
        &[cloudflare_zone::Column::Status],
        ZoneStatus::iter(),
    )
    .await;
    let row = insert(&conn, dns_record(zone_row.id, "rec-1")).await;
    assert_each_value_round_trips(
        &conn,
        row,
        &[cloudflare_dns_record::Column::RecordType],
        DnsRecordType::iter(),
    )
    .await;
    let row = insert(&conn, firewall_rule(zone_row.id, "rule-1")).await;
    assert_each_value_round_trips(
        &conn,
        row,
        &[cloudflare_firewall_rule::Column::Action],
        FirewallAction::iter(),
    )
    .await;
    let row = insert(&conn, migration_job()).await;
    assert_each_value_round_trips(
        &conn,
        row,
        &[migration_job::Column::Status],
        MigrationJobStatus::iter(),
    )
    .await;
    let row = insert(&conn, namecheap_domain("example.com")).await;
    assert_each_value_round_trips(
        &conn,
        row,
        &[namecheap_domain::Column::Status],
        NamecheapDomainStatus::iter(),
    )
    .await;
    let row = insert(&conn, cloudflare_domain("example.com")).await;
    assert_each_value_round_trips(
        &conn,
        row,
        &[cloudflare_domain::Column::Status],
        CloudflareDomainStatus::iter(),
    )
    .await;
}

on_every_backend!(every_enum_value_round_trips_in_every_enum_column);

// ---------------------------------------------------------------------------
// JSON documents come back exactly as written, in every JSON column.
// ---------------------------------------------------------------------------

/// Documents that stress a JSON column: nesting, arrays, `null`, non-ASCII
/// text and escapes, and numbers that must not lose precision.
fn json_documents() -> Vec<serde_json::Value> {
    vec![
        json!({
            "plan": {"tier": "pro", "limits": {"zones": 25, "seats": null}},
            "flags": [true, false],
            "empty": {"object": {}, "array": []},
        }),
        json!(["ns1.example.com", 2, -3, 0.5, null, {"nested": [[1], [2, [3]]]}]),
        json!(null),
        json!({
            "名前": "Zürich — Ελληνικά — 東京 — ☁️🚀",
            "escapes": "\"quoted\" back\\slash\nnew line\ttab",
        }),
        json!("a bare string: ünïcödé"),
        json!(9_007_199_254_740_993_i64),
        json!([]),
        json!({}),
    ]
}

async fn json_documents_round_trip_exactly_in_every_json_column(backend: Backend) {
    let (_db, conn) = migrated(backend).await;
    let org = insert(&conn, organization("acme")).await;
    let zone_row = insert(&conn, zone("zone-1")).await;

    let org = assert_each_value_round_trips(
        &conn,
        org,
        &[organization::Column::Settings],
        json_documents(),
    )
    .await;
    let row = insert(&conn, api_key(org.id, "ock_3f9a2b1c")).await;
    assert_each_value_round_trips(&conn, row, &[api_key::Column::Scopes], json_documents()).await;
    let row = insert(&conn, audit_log(Some(org.id))).await;
    assert_each_value_round_trips(&conn, row, &[audit_log::Column::Details], json_documents())
        .await;
    assert_each_value_round_trips(
        &conn,
        zone_row.clone(),
        &[
            cloudflare_zone::Column::NameServers,
            cloudflare_zone::Column::Metadata,
        ],
        json_documents(),
    )
    .await;
    let row = insert(&conn, firewall_rule(zone_row.id, "rule-1")).await;
    assert_each_value_round_trips(
        &conn,
        row,
        &[cloudflare_firewall_rule::Column::Metadata],
        json_documents(),
    )
    .await;
    let row = insert(&conn, migration_job()).await;
    assert_each_value_round_trips(
        &conn,
        row,
        &[
            migration_job::Column::Domains,
            migration_job::Column::Options,
            migration_job::Column::Result,
        ],
        json_documents(),
    )
    .await;
    let row = insert(&conn, namecheap_domain("example.com")).await;
    assert_each_value_round_trips(
        &conn,
        row,
        &[namecheap_domain::Column::Nameservers],
        json_documents(),
    )
    .await;
    let row = insert(&conn, cloudflare_domain("example.com")).await;
    assert_each_value_round_trips(
        &conn,
        row,
        &[
            cloudflare_domain::Column::Nameservers,
            cloudflare_domain::Column::OriginalNameservers,
        ],
        json_documents(),
    )
    .await;
}

on_every_backend!(json_documents_round_trip_exactly_in_every_json_column);

/// The one nullable JSON column keeps SQL `NULL` apart from the JSON document `null`.
async fn a_missing_job_result_stays_apart_from_a_json_null_result(backend: Backend) {
    let (_db, conn) = migrated(backend).await;
    let job = insert(&conn, migration_job()).await;
    assert_each_value_round_trips(
        &conn,
        job,
        &[migration_job::Column::Result],
        [Value::Json(None), json!(null).into(), Value::Json(None)],
    )
    .await;
}

on_every_backend!(a_missing_job_result_stays_apart_from_a_json_null_result);

// ---------------------------------------------------------------------------
// Timestamps keep microseconds and reach past January 2038 on every backend.
// ---------------------------------------------------------------------------

async fn a_timestamp_after_2038_round_trips_to_the_microsecond(backend: Backend) {
    let (_db, conn) = migrated(backend).await;
    let expires = at("2040-06-01T12:00:00.123456Z");
    let mut domain = namecheap_domain("long-lived.example");
    domain.expires_at = Set(Some(expires));
    let row = insert(&conn, domain).await;
    let found = find::<namecheap_domain::Entity>(&conn, row.id)
        .await
        .expect("the domain is there");
    assert_eq!(found.expires_at, Some(expires));
}

on_every_backend!(a_timestamp_after_2038_round_trips_to_the_microsecond);

// ---------------------------------------------------------------------------
// An update moves `updated_at` and leaves `created_at` alone.
// ---------------------------------------------------------------------------

async fn an_update_moves_updated_at_and_keeps_created_at(backend: Backend) {
    let (_db, conn) = migrated(backend).await;
    let org = insert(&conn, organization("acme")).await;
    let member_row = insert(&conn, member(org.id, "auth0|ada")).await;
    let invitation_row = insert(&conn, invitation(org.id, "token-1")).await;
    let key = insert(&conn, api_key(org.id, "ock_3f9a2b1c")).await;
    let entry = insert(&conn, audit_log(Some(org.id))).await;
    let zone_row = insert(&conn, zone("zone-1")).await;
    let record = insert(&conn, dns_record(zone_row.id, "rec-1")).await;
    let rule = insert(&conn, firewall_rule(zone_row.id, "rule-1")).await;
    let job = insert(&conn, migration_job()).await;
    let namecheap = insert(&conn, namecheap_domain("example.com")).await;
    let cloudflare = insert(&conn, cloudflare_domain("example.com")).await;

    // Once for all eleven rows: the clock must tick past the column's resolution.
    tokio::time::sleep(CLOCK_TICK).await;

    assert_update_stamps(&conn, org, |m| {
        m.plan = Set("enterprise".to_owned());
    })
    .await;
    assert_update_stamps(&conn, member_row, |m| {
        m.role = Set(MemberRole::Owner);
    })
    .await;
    assert_update_stamps(&conn, invitation_row, |m| {
        m.status = Set(InvitationStatus::Revoked);
    })
    .await;
    assert_update_stamps(&conn, key, |m| {
        m.name = Set("ci-deploy-2".to_owned());
    })
    .await;
    assert_update_stamps(&conn, entry, |m| {
        m.success = Set(false);
    })
    .await;
    assert_update_stamps(&conn, zone_row, |m| {
        m.paused = Set(true);
    })
    .await;
    assert_update_stamps(&conn, record, |m| {
        m.ttl = Set(1);
    })
    .await;
    assert_update_stamps(&conn, rule, |m| {
        m.paused = Set(true);
    })
    .await;
    assert_update_stamps(&conn, job, |m| {
        m.status = Set(MigrationJobStatus::Running);
    })
    .await;
    assert_update_stamps(&conn, namecheap, |m| {
        m.auto_renew = Set(false);
    })
    .await;
    assert_update_stamps(&conn, cloudflare, |m| {
        m.dns_records_imported = Set(12);
    })
    .await;
}

on_every_backend!(an_update_moves_updated_at_and_keeps_created_at);

// ---------------------------------------------------------------------------
// Deleting a parent deletes its children, and only its children.
// ---------------------------------------------------------------------------

/// How many members, invitations, API keys and audit entries reference `organization_id`.
async fn rows_owned_by_organization(conn: &DatabaseConnection, organization_id: i32) -> [u64; 4] {
    [
        count(
            conn,
            organization_member::Entity::find()
                .filter(organization_member::Column::OrganizationId.eq(organization_id)),
        )
        .await,
        count(
            conn,
            organization_invitation::Entity::find()
                .filter(organization_invitation::Column::OrganizationId.eq(organization_id)),
        )
        .await,
        count(
            conn,
            api_key::Entity::find().filter(api_key::Column::OrganizationId.eq(organization_id)),
        )
        .await,
        count(
            conn,
            audit_log::Entity::find().filter(audit_log::Column::OrganizationId.eq(organization_id)),
        )
        .await,
    ]
}

async fn deleting_an_organization_cascades_to_its_members_invitations_keys_and_audit_entries(
    backend: Backend,
) {
    let (_db, conn) = migrated(backend).await;
    let doomed = insert(&conn, organization("doomed")).await;
    let kept = insert(&conn, organization("kept")).await;
    for org in [&doomed, &kept] {
        insert(&conn, member(org.id, "auth0|ada")).await;
        insert(&conn, invitation(org.id, &format!("token-{}", org.slug))).await;
        insert(&conn, api_key(org.id, &format!("ock_{}", org.slug))).await;
        insert(&conn, audit_log(Some(org.id))).await;
    }
    let system_entry = insert(&conn, audit_log(None)).await;
    assert_eq!(rows_owned_by_organization(&conn, doomed.id).await, [1; 4]);

    let deleted = doomed
        .clone()
        .into_active_model()
        .delete(&conn)
        .await
        .expect("delete the organization");

    assert_eq!(deleted.rows_affected, 1);
    assert_eq!(
        rows_owned_by_organization(&conn, doomed.id).await,
        [0; 4],
        "members, invitations, API keys and audit entries of the deleted organization"
    );
    assert_eq!(
        rows_owned_by_organization(&conn, kept.id).await,
        [1; 4],
        "the other organization's rows"
    );
    assert_eq!(
        find::<audit_log::Entity>(&conn, system_entry.id).await,
        Some(system_entry),
        "a system-wide audit entry belongs to no organization and stays"
    );
}

on_every_backend!(
    deleting_an_organization_cascades_to_its_members_invitations_keys_and_audit_entries
);

/// How many DNS records and firewall rules reference `zone_id`.
async fn rows_owned_by_zone(conn: &DatabaseConnection, zone_id: i32) -> [u64; 2] {
    [
        count(
            conn,
            cloudflare_dns_record::Entity::find()
                .filter(cloudflare_dns_record::Column::ZoneId.eq(zone_id)),
        )
        .await,
        count(
            conn,
            cloudflare_firewall_rule::Entity::find()
                .filter(cloudflare_firewall_rule::Column::ZoneId.eq(zone_id)),
        )
        .await,
    ]
}

async fn deleting_a_zone_cascades_to_its_dns_records_and_firewall_rules(backend: Backend) {
    let (_db, conn) = migrated(backend).await;
    let doomed = insert(&conn, zone("doomed")).await;
    let kept = insert(&conn, zone("kept")).await;
    for zone_row in [&doomed, &kept] {
        let id = &zone_row.cloudflare_id;
        insert(&conn, dns_record(zone_row.id, &format!("{id}-mx"))).await;
        insert(&conn, dns_record(zone_row.id, &format!("{id}-txt"))).await;
        insert(&conn, firewall_rule(zone_row.id, &format!("{id}-rule"))).await;
    }
    assert_eq!(rows_owned_by_zone(&conn, doomed.id).await, [2, 1]);

    let deleted = doomed
        .clone()
        .into_active_model()
        .delete(&conn)
        .await
        .expect("delete the zone");

    assert_eq!(deleted.rows_affected, 1);
    assert_eq!(
        rows_owned_by_zone(&conn, doomed.id).await,
        [0, 0],
        "DNS records and firewall rules of the deleted zone"
    );
    assert_eq!(
        rows_owned_by_zone(&conn, kept.id).await,
        [2, 1],
        "the other zone's rows"
    );
}

on_every_backend!(deleting_a_zone_cascades_to_its_dns_records_and_firewall_rules);

// ---------------------------------------------------------------------------
// `find_with_related` loads each parent with exactly its own children.
// ---------------------------------------------------------------------------

async fn organizations_load_with_their_members(backend: Backend) {
    let (_db, conn) = migrated(backend).await;
    let acme = insert(&conn, organization("acme")).await;
    let globex = insert(&conn, organization("globex")).await;
    let initech = insert(&conn, organization("initech")).await;
    let ada = insert(&conn, member(acme.id, "auth0|ada")).await;
    let carol = insert(&conn, member(globex.id, "auth0|carol")).await;
    let bob = insert(&conn, member(acme.id, "auth0|bob")).await;

    let mut loaded = organization::Entity::find()
        .find_with_related(organization_member::Entity)
        .all(&conn)
        .await
        .expect("load organizations with their members");
    for (_, members) in &mut loaded {
        members.sort_by_key(|m| m.id);
    }

    assert_eq!(
        loaded,
        vec![
            (acme, vec![ada, bob]),
            (globex, vec![carol]),
            (initech, vec![])
        ]
    );
}

on_every_backend!(organizations_load_with_their_members);

async fn zones_load_with_their_dns_records(backend: Backend) {
    let (_db, conn) = migrated(backend).await;
    let first = insert(&conn, zone("zone-1")).await;
    let second = insert(&conn, zone("zone-2")).await;
    let empty = insert(&conn, zone("zone-3")).await;
    let mx = insert(&conn, dns_record(first.id, "rec-mx")).await;
    let other = insert(&conn, dns_record(second.id, "rec-other")).await;
    let txt = insert(&conn, dns_record(first.id, "rec-txt")).await;
    // A firewall rule is a child of the zone too, but not a DNS record.
    insert(&conn, firewall_rule(empty.id, "rule-1")).await;

    let mut loaded = cloudflare_zone::Entity::find()
        .find_with_related(cloudflare_dns_record::Entity)
        .all(&conn)
        .await
        .expect("load zones with their DNS records");
    for (_, records) in &mut loaded {
        records.sort_by_key(|r| r.id);
    }

    assert_eq!(
        loaded,
        vec![
            (first, vec![mx, txt]),
            (second, vec![other]),
            (empty, vec![])
        ]
    );
}

on_every_backend!(zones_load_with_their_dns_records);
