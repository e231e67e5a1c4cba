//! The entity crate against a database migrated by the stock `Migrator::up`:
//! every entity's insert / select / update / delete round trip, exact enum
//! and JSON values, `created_at` / `updated_at` bookkeeping, cascading
//! deletes and loading related rows, on PostgreSQL, MariaDB and SQLite.
//!
//! Because the schema comes from the migration and the values from the
//! entities, these tests are also where a disagreement between the two (a
//! missing enum value, a column of the wrong type) shows up.

mod fixtures;

use std::str::FromStr;
use std::time::Duration;

use entity::enums::{
    ApiKeyStatus, CloudflareDomainStatus, DnsRecordType, FirewallAction, InvitationStatus,
    MemberRole, MigrationJobStatus, NamecheapDomainStatus, ZoneStatus,
};
use entity::{
    api_key, audit_log, cloudflare_dns_record, cloudflare_domain, cloudflare_firewall_rule,
    cloudflare_zone, migration_job, namecheap_domain, organization, organization_invitation,
    organization_member,
};
use migration::Migrator;
use sea_orm::prelude::DateTimeWithTimeZone;
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ActiveValue, ColumnTrait, DatabaseConnection,
    EntityTrait, IdenStatic, IntoActiveModel, Iterable, ModelTrait, PaginatorTrait,
    PrimaryKeyToColumn, PrimaryKeyTrait, QueryFilter, Value,
};
use sea_orm_migration::MigratorTrait;
use serde_json::json;

use crate::support::{Backend, TestDb};
use fixtures::*;

// ---------------------------------------------------------------------------
// Every entity round-trips through insert / find_by_id / update / delete.
// ---------------------------------------------------------------------------

async fn every_entity_round_trips_through_insert_select_update_delete(backend: Backend) {
    let (_db, conn) = migrated(backend).await;
    let org = insert(&conn, organization("parent")).await;
    let zone_row = insert(&conn, zone("parent-zone")).await;

    assert_crud_round_trip(&conn, organization("acme"), |m| {
        m.plan = ActiveValue::Set("enterprise".to_owned());
        m.billing_email = ActiveValue::Set(None);
        m.is_active = ActiveValue::Set(false);
        m.settings = ActiveValue::Set(json!({"theme": "light", "features": {"sso": false}}));
    })
    .await;
    assert_crud_round_trip(&conn, member(org.id, "auth0|ada"), |m| {
        m.role = ActiveValue::Set(MemberRole::Admin);
        m.invited_by = ActiveValue::Set(None);
    })
    .await;
    assert_crud_round_trip(&conn, invitation(org.id, "token-1"), |m| {
        m.status = ActiveValue::Set(InvitationStatus::Accepted);
        m.expires_at = ActiveValue::Set(at("2031-06-30T12:00:00Z"));
    })
    .await;
    assert_crud_round_trip(&conn, api_key(org.id, "ock_3f9a2b1c"), |m| {
        m.status = ActiveValue::Set(ApiKeyStatus::Revoked);
        m.revoked_at = ActiveValue::Set(Some(at("2030-02-01T08:30:00Z")));
        m.scopes = ActiveValue::Set(json!([]));
    })
    .await;
    assert_crud_round_trip(&conn, audit_log(Some(org.id)), |m| {
        m.success = ActiveValue::Set(false);
        m.details = ActiveValue::Set(json!({"error": "seat limit reached"}));
        m.organization_id = ActiveValue::Set(None);
    })
    .await;
    assert_crud_round_trip(&conn, zone("zone-1"), |m| {
        m.status = ActiveValue::Set(ZoneStatus::Moved);
        m.paused = ActiveValue::Set(true);
        m.last_synced_at = ActiveValue::Set(None);
    })
    .await;
    assert_crud_round_trip(&conn, dns_record(zone_row.id, "rec-1"), |m| {
        m.record_type = ActiveValue::Set(DnsRecordType::Txt);
        m.content = ActiveValue::Set("v=spf1 include:_spf.example.com ~all".to_owned());
        m.priority = ActiveValue::Set(None);
    })
    .await;
    assert_crud_round_trip(&conn, firewall_rule(zone_row.id, "rule-1"), |m| {
        m.action = ActiveValue::Set(FirewallAction::ManagedChallenge);
        m.paused = ActiveValue::Set(true);
        m.description = ActiveValue::Set(None);
    })
    .await;
    assert_crud_round_trip(&conn, migration_job(), |m| {
        m.status = ActiveValue::Set(MigrationJobStatus::Completed);
        m.completed_domains = ActiveValue::Set(2);
        m.result = ActiveValue::Set(Some(json!({"example.com": "ok", "example.org": "ok"})));
        m.completed_at = ActiveValue::Set(Some(at("2030-03-01T10:00:00Z")));
    })
    .await;
    assert_crud_round_trip(&conn, namecheap_domain("example.com"), |m| {
        m.status = ActiveValue::Set(NamecheapDomainStatus::Migrating);
        m.is_locked = ActiveValue::Set(false);
    })
    .await;
    assert_crud_round_trip(&conn, cloudflare_domain("example.com"), |m| {
        m.status = ActiveValue::Set(CloudflareDomainStatus::Failed);
        m.error_message = ActiveValue::Set(Some("zone already exists".to_owned()));
    })
    .await;
}

#[tokio::test]
async fn every_entity_round_trips_through_insert_select_update_delete_on_postgres() {
    every_entity_round_trips_through_insert_select_update_delete(Backend::Postgres).await;
}

#[tokio::test]
async fn every_entity_round_trips_through_insert_select_update_delete_on_mysql() {
    every_entity_round_trips_through_insert_select_update_delete(Backend::Mysql).await;
}

#[tokio::test]
async fn every_entity_round_trips_through_insert_select_update_delete_on_sqlite() {
    every_entity_round_trips_through_insert_select_update_delete(Backend::Sqlite).await;
}

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

#[tokio::test]
async fn every_enum_value_round_trips_in_every_enum_column_on_postgres() {
    every_enum_value_round_trips_in_every_enum_column(Backend::Postgres).await;
}

#[tokio::test]
async fn every_enum_value_round_trips_in_every_enum_column_on_mysql() {
    every_enum_value_round_trips_in_every_enum_column(Backend::Mysql).await;
}

#[tokio::test]
async fn every_enum_value_round_trips_in_every_enum_column_on_sqlite() {
    every_enum_value_round_trips_in_every_enum_column(Backend::Sqlite).await;
}

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
    let documents = json_documents;

    let org = assert_each_value_round_trips(
        &conn,
        org,
        &[organization::Column::Settings],
        documents(),
    )
    .await;
    let row = insert(&conn, api_key(org.id, "ock_3f9a2b1c")).await;
    assert_each_value_round_trips(&conn, row, &[api_key::Column::Scopes], documents()).await;
    let row = insert(&conn, audit_log(Some(org.id))).await;
    assert_each_value_round_trips(&conn, row, &[audit_log::Column::Details], documents()).await;
    assert_each_value_round_trips(
        &conn,
        zone_row.clone(),
        &[
            cloudflare_zone::Column::NameServers,
            cloudflare_zone::Column::Metadata,
        ],
        documents(),
    )
    .await;
    let row = insert(&conn, firewall_rule(zone_row.id, "rule-1")).await;
    assert_each_value_round_trips(
        &conn,
        row,
        &[cloudflare_firewall_rule::Column::Metadata],
        documents(),
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
        documents(),
    )
    .await;
    let row = insert(&conn, namecheap_domain("example.com")).await;
    assert_each_value_round_trips(
        &conn,
        row,
        &[namecheap_domain::Column::Nameservers],
        documents(),
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
        documents(),
    )
    .await;
}

#[tokio::test]
async fn json_documents_round_trip_exactly_in_every_json_column_on_postgres() {
    json_documents_round_trip_exactly_in_every_json_column(Backend::Postgres).await;
}

#[tokio::test]
async fn json_documents_round_trip_exactly_in_every_json_column_on_mysql() {
    json_documents_round_trip_exactly_in_every_json_column(Backend::Mysql).await;
}

#[tokio::test]
async fn json_documents_round_trip_exactly_in_every_json_column_on_sqlite() {
    json_documents_round_trip_exactly_in_every_json_column(Backend::Sqlite).await;
}

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

#[tokio::test]
async fn a_missing_job_result_stays_apart_from_a_json_null_result_on_postgres() {
    a_missing_job_result_stays_apart_from_a_json_null_result(Backend::Postgres).await;
}

#[tokio::test]
async fn a_missing_job_result_stays_apart_from_a_json_null_result_on_mysql() {
    a_missing_job_result_stays_apart_from_a_json_null_result(Backend::Mysql).await;
}

#[tokio::test]
async fn a_missing_job_result_stays_apart_from_a_json_null_result_on_sqlite() {
    a_missing_job_result_stays_apart_from_a_json_null_result(Backend::Sqlite).await;
}

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

    // Once for all eleven rows: the clock must tick at the column's resolution.
    tokio::time::sleep(timestamp_resolution(backend)).await;

    assert_update_stamps(&conn, org, |m| {
        m.plan = ActiveValue::Set("enterprise".to_owned());
    })
    .await;
    assert_update_stamps(&conn, member_row, |m| {
        m.role = ActiveValue::Set(MemberRole::Owner);
    })
    .await;
    assert_update_stamps(&conn, invitation_row, |m| {
        m.status = ActiveValue::Set(InvitationStatus::Revoked);
    })
    .await;
    assert_update_stamps(&conn, key, |m| {
        m.name = ActiveValue::Set("ci-deploy-2".to_owned());
    })
    .await;
    assert_update_stamps(&conn, entry, |m| {
        m.success = ActiveValue::Set(false);
    })
    .await;
    assert_update_stamps(&conn, zone_row, |m| {
        m.paused = ActiveValue::Set(true);
    })
    .await;
    assert_update_stamps(&conn, record, |m| {
        m.ttl = ActiveValue::Set(1);
    })
    .await;
    assert_update_stamps(&conn, rule, |m| {
        m.paused = ActiveValue::Set(true);
    })
    .await;
    assert_update_stamps(&conn, job, |m| {
        m.status = ActiveValue::Set(MigrationJobStatus::Running);
    })
    .await;
    assert_update_stamps(&conn, namecheap, |m| {
        m.auto_renew = ActiveValue::Set(false);
    })
    .await;
    assert_update_stamps(&conn, cloudflare, |m| {
        m.dns_records_imported = ActiveValue::Set(12);
    })
    .await;
}

#[tokio::test]
async fn an_update_moves_updated_at_and_keeps_created_at_on_postgres() {
    an_update_moves_updated_at_and_keeps_created_at(Backend::Postgres).await;
}

#[tokio::test]
async fn an_update_moves_updated_at_and_keeps_created_at_on_mysql() {
    an_update_moves_updated_at_and_keeps_created_at(Backend::Mysql).await;
}

#[tokio::test]
async fn an_update_moves_updated_at_and_keeps_created_at_on_sqlite() {
    an_update_moves_updated_at_and_keeps_created_at(Backend::Sqlite).await;
}

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

#[tokio::test]
async fn deleting_an_organization_cascades_to_its_members_invitations_keys_and_audit_entries_on_postgres()
 {
    deleting_an_organization_cascades_to_its_members_invitations_keys_and_audit_entries(
        Backend::Postgres,
    )
    .await;
}

#[tokio::test]
async fn deleting_an_organization_cascades_to_its_members_invitations_keys_and_audit_entries_on_mysql()
 {
    deleting_an_organization_cascades_to_its_members_invitations_keys_and_audit_entries(
        Backend::Mysql,
    )
    .await;
}

#[tokio::test]
async fn deleting_an_organization_cascades_to_its_members_invitations_keys_and_audit_entries_on_sqlite()
 {
    deleting_an_organization_cascades_to_its_members_invitations_keys_and_audit_entries(
        Backend::Sqlite,
    )
    .await;
}

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

#[tokio::test]
async fn deleting_a_zone_cascades_to_its_dns_records_and_firewall_rules_on_postgres() {
    deleting_a_zone_cascades_to_its_dns_records_and_firewall_rules(Backend::Postgres).await;
}

#[tokio::test]
async fn deleting_a_zone_cascades_to_its_dns_records_and_firewall_rules_on_mysql() {
    deleting_a_zone_cascades_to_its_dns_records_and_firewall_rules(Backend::Mysql).await;
}

#[tokio::test]
async fn deleting_a_zone_cascades_to_its_dns_records_and_firewall_rules_on_sqlite() {
    deleting_a_zone_cascades_to_its_dns_records_and_firewall_rules(Backend::Sqlite).await;
}

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
        vec![(acme, vec![ada, bob]), (globex, vec![carol]), (initech, vec![])]
    );
}

#[tokio::test]
async fn organizations_load_with_their_members_on_postgres() {
    organizations_load_with_their_members(Backend::Postgres).await;
}

#[tokio::test]
async fn organizations_load_with_their_members_on_mysql() {
    organizations_load_with_their_members(Backend::Mysql).await;
}

#[tokio::test]
async fn organizations_load_with_their_members_on_sqlite() {
    organizations_load_with_their_members(Backend::Sqlite).await;
}

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
        vec![(first, vec![mx, txt]), (second, vec![other]), (empty, vec![])]
    );
}

#[tokio::test]
async fn zones_load_with_their_dns_records_on_postgres() {
    zones_load_with_their_dns_records(Backend::Postgres).await;
}

#[tokio::test]
async fn zones_load_with_their_dns_records_on_mysql() {
    zones_load_with_their_dns_records(Backend::Mysql).await;
}

#[tokio::test]
async fn zones_load_with_their_dns_records_on_sqlite() {
    zones_load_with_their_dns_records(Backend::Sqlite).await;
}

// ---------------------------------------------------------------------------
// Scenario steps, generic over the entity.
// ---------------------------------------------------------------------------

/// The model of the entity an `ActiveModel` saves.
type ModelOf<A> = <<A as ActiveModelTrait>::Entity as EntityTrait>::Model;

/// The `ActiveModel` of the entity a model belongs to.
type ActiveOf<M> = <<M as ModelTrait>::Entity as EntityTrait>::ActiveModel;

/// A fresh database on `backend` with the schema applied by the stock migrator.
async fn migrated(backend: Backend) -> (TestDb, DatabaseConnection) {
    let db = TestDb::create(backend).await;
    let conn = db.connect().await;
    Migrator::up(&conn, None)
        .await
        .unwrap_or_else(|e| panic!("apply the migrations on {backend:?}: {e}"));
    (db, conn)
}

/// How long until a new `now()` is stored as a later timestamp: MariaDB's
/// `TIMESTAMP` keeps whole seconds, the others keep at least microseconds.
fn timestamp_resolution(backend: Backend) -> Duration {
    match backend {
        Backend::Mysql => Duration::from_millis(1100),
        Backend::Postgres | Backend::Sqlite => Duration::from_millis(5),
    }
}

fn table<E: EntityTrait>() -> &'static str {
    E::default().table_name()
}

/// Inserts `row`, failing the test with the table and the database's error.
async fn insert<A>(conn: &DatabaseConnection, row: A) -> ModelOf<A>
where
    A: ActiveModelBehavior + Send,
    ModelOf<A>: IntoActiveModel<A>,
{
    row.insert(conn)
        .await
        .unwrap_or_else(|e| panic!("insert into {}: {e}", table::<A::Entity>()))
}

/// Reads one row back with `find_by_id`.
async fn find<E>(conn: &DatabaseConnection, id: i32) -> Option<E::Model>
where
    E: EntityTrait,
    E::PrimaryKey: PrimaryKeyTrait<ValueType = i32>,
{
    E::find_by_id(id)
        .one(conn)
        .await
        .unwrap_or_else(|e| panic!("select from {} by id {id}: {e}", table::<E>()))
}

/// Reads `model`'s row back by id, failing the test if it is gone.
async fn reload<M>(conn: &DatabaseConnection, model: &M) -> M
where
    M: ModelTrait,
    M::Entity: EntityTrait<Model = M>,
    <M::Entity as EntityTrait>::PrimaryKey: PrimaryKeyTrait<ValueType = i32>,
{
    let id = id_of(model);
    find::<M::Entity>(conn, id)
        .await
        .unwrap_or_else(|| panic!("{} {id} vanished", table::<M::Entity>()))
}

async fn count<E: EntityTrait>(conn: &DatabaseConnection, query: sea_orm::Select<E>) -> u64 {
    query
        .count(conn)
        .await
        .unwrap_or_else(|e| panic!("count {}: {e}", table::<E>()))
}

/// The `i32` primary key of `model`.
fn id_of<M: ModelTrait>(model: &M) -> i32 {
    let key = <M::Entity as EntityTrait>::PrimaryKey::iter()
        .next()
        .expect("every entity has a primary key")
        .into_column();
    match model.get(key) {
        Value::Int(Some(id)) => id,
        other => panic!("primary key of {model:?} is not an i32: {other:?}"),
    }
}

/// The timestamp in column `name` of `model`.
fn timestamp<M: ModelTrait>(model: &M, name: &str) -> DateTimeWithTimeZone {
    let table = table::<M::Entity>();
    let column = <M::Entity as EntityTrait>::Column::from_str(name)
        .unwrap_or_else(|_| panic!("{table} has no column {name}"));
    match model.get(column) {
        Value::ChronoDateTimeWithTimeZone(Some(at)) => at,
        other => panic!("{table}.{name} is not a timestamp: {other:?}"),
    }
}

/// Asserts that every column `values` sets has that value in `row`.
fn assert_carries<A: ActiveModelTrait>(row: &ModelOf<A>, values: &A, step: &str) {
    for column in <A::Entity as EntityTrait>::Column::iter() {
        if let ActiveValue::Set(want) = values.get(column) {
            assert_eq!(
                row.get(column),
                want,
                "{}.{} after {step}",
                table::<A::Entity>(),
                column.as_str()
            );
        }
    }
}

/// Inserts `fixture` and reads it back by id; applies `edit`, updates and
/// reads it back; deletes it and checks it is gone. Every value written must
/// be read back, and an update must change exactly the columns it sets
/// (plus `updated_at`).
async fn assert_crud_round_trip<A>(conn: &DatabaseConnection, fixture: A, edit: impl FnOnce(&mut A))
where
    A: ActiveModelBehavior + Send,
    ModelOf<A>: IntoActiveModel<A> + PartialEq,
    <A::Entity as EntityTrait>::PrimaryKey: PrimaryKeyTrait<ValueType = i32>,
{
    let name = table::<A::Entity>();
    let inserted = insert(conn, fixture.clone()).await;
    assert_carries(&inserted, &fixture, "insert");
    let id = id_of(&inserted);
    assert_eq!(find::<A::Entity>(conn, id).await.as_ref(), Some(&inserted), "{name} by id after insert");

    let mut changes = inserted.clone().into_active_model();
    edit(&mut changes);
    for column in <A::Entity as EntityTrait>::Column::iter() {
        if let ActiveValue::Set(new) = changes.get(column) {
            assert_ne!(inserted.get(column), new, "the edit of {name}.{} changes nothing", column.as_str());
        }
    }
    let updated = changes
        .clone()
        .update(conn)
        .await
        .unwrap_or_else(|e| panic!("update {name} {id}: {e}"));
    assert_carries(&updated, &changes, "update");
    for column in <A::Entity as EntityTrait>::Column::iter() {
        if changes.get(column).is_unchanged() && column.as_str() != "updated_at" {
            assert_eq!(updated.get(column), inserted.get(column), "{name}.{} after an update that did not set it", column.as_str());
        }
    }
    assert_eq!(find::<A::Entity>(conn, id).await.as_ref(), Some(&updated), "{name} by id after update");

    let deleted = updated
        .into_active_model()
        .delete(conn)
        .await
        .unwrap_or_else(|e| panic!("delete {name} {id}: {e}"));
    assert_eq!(deleted.rows_affected, 1, "rows deleted from {name}");
    assert_eq!(find::<A::Entity>(conn, id).await, None, "{name} by id after delete");
}

/// Writes each of `values` in turn into `columns` of `row`, and checks that
/// each reads back exactly. Returns the row as last read.
async fn assert_each_value_round_trips<M, V>(
    conn: &DatabaseConnection,
    row: M,
    columns: &[<M::Entity as EntityTrait>::Column],
    values: impl IntoIterator<Item = V>,
) -> M
where
    M: ModelTrait + IntoActiveModel<ActiveOf<M>>,
    M::Entity: EntityTrait<Model = M>,
    ActiveOf<M>: Send,
    <M::Entity as EntityTrait>::PrimaryKey: PrimaryKeyTrait<ValueType = i32>,
    V: Into<Value>,
{
    let name = table::<M::Entity>();
    let mut row = row;
    for value in values {
        let value: Value = value.into();
        let mut changes = row.clone().into_active_model();
        for column in columns {
            changes
                .try_set(*column, value.clone())
                .unwrap_or_else(|e| panic!("{name}.{} cannot hold {value:?}: {e}", column.as_str()));
        }
        changes
            .update(conn)
            .await
            .unwrap_or_else(|e| panic!("write {value:?} into {name} {}: {e}", id_of(&row)));
        row = reload(conn, &row).await;
        for column in columns {
            assert_eq!(row.get(*column), value, "{name}.{} read back", column.as_str());
        }
    }
    row
}

/// Applies `edit` to `row` once the clock has ticked, and checks that the
/// stored `updated_at` moved forward while `created_at` stayed.
async fn assert_update_stamps<M>(conn: &DatabaseConnection, row: M, edit: impl FnOnce(&mut ActiveOf<M>))
where
    M: ModelTrait + IntoActiveModel<ActiveOf<M>>,
    M::Entity: EntityTrait<Model = M>,
    ActiveOf<M>: Send,
    <M::Entity as EntityTrait>::PrimaryKey: PrimaryKeyTrait<ValueType = i32>,
{
    let name = table::<M::Entity>();
    let created = timestamp(&row, "created_at");
    let updated = timestamp(&row, "updated_at");
    let mut changes = row.clone().into_active_model();
    edit(&mut changes);
    changes
        .update(conn)
        .await
        .unwrap_or_else(|e| panic!("update {name} {}: {e}", id_of(&row)));
    let stored = reload(conn, &row).await;
    assert_eq!(timestamp(&stored, "created_at"), created, "{name}.created_at after an update");
    assert!(
        timestamp(&stored, "updated_at") > updated,
        "{name}.updated_at did not move past {updated} on update: {stored:?}"
    );
}
