//! The baseline's schema contract, and schema round trips, on every backend.

use entity::COLUMN_COUNTS;

use crate::support::inspect::{rows, snapshot, tables};
use crate::support::{Backend, TestDb};

/// The tracking table and our run history beside it.
pub(crate) const BOOKKEEPING: [&str; 2] = ["seaql_migrations", "seaql_migrations_history"];

/// How many indexes each ops-center table has on PostgreSQL, as SPEC.md
/// fixes them, in table-name order. The tables and their column counts are
/// [`COLUMN_COUNTS`], the entity crate's contract.
pub(crate) const POSTGRES_INDEX_COUNTS: [(&str, i64); 11] = [
    ("api_keys", 7),
    ("audit_logs", 6),
    ("cloudflare_dns_records", 5),
    ("cloudflare_domains", 4),
    ("cloudflare_firewall_rules", 4),
    ("cloudflare_zones", 4),
    ("migration_jobs", 4),
    ("namecheap_domains", 4),
    ("organization_invitations", 6),
    ("organization_members", 3),
    ("organizations", 4),
];

fn expected_tables() -> Vec<String> {
    let mut names: Vec<String> = COLUMN_COUNTS.iter().map(|(t, _)| (*t).to_owned()).collect();
    names.extend(BOOKKEEPING.map(str::to_owned));
    names.sort();
    names
}

async fn baseline_creates_the_eleven_tables(backend: Backend) {
    let db = TestDb::create(backend).await;
    db.run(&["up"]).success();
    assert_eq!(
        tables(&db.connect().await, backend).await,
        expected_tables()
    );
}

on_every_backend!(baseline_creates_the_eleven_tables);

#[tokio::test]
async fn postgres_column_and_index_counts_match_the_spec() {
    let db = TestDb::create(Backend::Postgres).await;
    db.run(&["up"]).success();
    let conn = db.connect().await;
    let columns = rows(
        &conn,
        "SELECT table_name::text, count(*) FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name NOT LIKE 'seaql_migrations%' GROUP BY 1 ORDER BY 1",
        2,
    )
    .await;
    let indexes = rows(
        &conn,
        "SELECT tablename::text, count(*) FROM pg_indexes \
         WHERE schemaname = 'public' AND tablename NOT LIKE 'seaql_migrations%' GROUP BY 1 ORDER BY 1",
        2,
    )
    .await;
    let expected_columns: Vec<Vec<String>> = COLUMN_COUNTS
        .iter()
        .map(|(t, c)| vec![(*t).to_owned(), c.to_string()])
        .collect();
    let expected_indexes: Vec<Vec<String>> = POSTGRES_INDEX_COUNTS
        .iter()
        .map(|(t, i)| vec![(*t).to_owned(), i.to_string()])
        .collect();
    assert_eq!(columns, expected_columns);
    assert_eq!(indexes, expected_indexes);
}

#[tokio::test]
async fn postgres_enum_json_and_timestamp_columns_use_native_types() {
    let db = TestDb::create(Backend::Postgres).await;
    db.run(&["up"]).success();
    let conn = db.connect().await;
    let types = rows(
        &conn,
        "SELECT data_type::text, count(*) FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name <> 'seaql_migrations' \
         AND data_type IN ('USER-DEFINED', 'json', 'jsonb', 'timestamp with time zone', 'timestamp without time zone') \
         GROUP BY 1 ORDER BY 1",
        2,
    )
    .await;
    let kinds: Vec<&str> = types.iter().map(|r| r[0].as_str()).collect();
    assert!(
        kinds.contains(&"USER-DEFINED"),
        "no native enum column: {types:?}"
    );
    assert!(kinds.contains(&"jsonb"), "no jsonb column: {types:?}");
    assert!(kinds.contains(&"timestamp with time zone"), "{types:?}");
    assert!(!kinds.contains(&"json"), "plain json column: {types:?}");
    assert!(!kinds.contains(&"timestamp without time zone"), "{types:?}");
    let enums = rows(&conn, "SELECT count(*) FROM pg_type WHERE typtype = 'e'", 1).await;
    assert!(
        enums[0][0].parse::<i64>().expect("a count") >= 8,
        "enum types: {enums:?}"
    );
}

#[tokio::test]
async fn postgres_foreign_keys_cascade_on_delete() {
    let db = TestDb::create(Backend::Postgres).await;
    db.run(&["up"]).success();
    let rules = rows(
        &db.connect().await,
        "SELECT tc.table_name::text, rc.delete_rule::text FROM information_schema.referential_constraints rc \
         JOIN information_schema.table_constraints tc ON tc.constraint_name = rc.constraint_name \
         ORDER BY 1",
        2,
    )
    .await;
    let children: Vec<&str> = rules.iter().map(|r| r[0].as_str()).collect();
    for child in [
        "api_keys",
        "audit_logs",
        "cloudflare_dns_records",
        "cloudflare_firewall_rules",
        "organization_invitations",
        "organization_members",
    ] {
        assert!(
            children.contains(&child),
            "{child} has no foreign key: {rules:?}"
        );
    }
    assert!(rules.iter().all(|r| r[1] == "CASCADE"), "{rules:?}");
}

async fn up_down_up_leaves_the_same_schema(backend: Backend) {
    let db = TestDb::create(backend).await;
    db.run(&["up"]).success();
    let conn = db.connect().await;
    let first = snapshot(&conn, backend).await;
    db.run(&["down", "--yes"]).success();
    assert_eq!(tables(&conn, backend).await, BOOKKEEPING);
    db.run(&["up"]).success();
    assert_eq!(snapshot(&conn, backend).await, first);
}

on_every_backend!(up_down_up_leaves_the_same_schema);

async fn down_to_base_leaves_only_the_tracking_tables(backend: Backend) {
    let db = TestDb::create(backend).await;
    db.run(&["up"]).success();
    db.run(&["down", "--to", "base", "--yes"]).success();
    let conn = db.connect().await;
    assert_eq!(tables(&conn, backend).await, BOOKKEEPING);
    if backend == Backend::Postgres {
        let enums = rows(&conn, "SELECT count(*) FROM pg_type WHERE typtype = 'e'", 1).await;
        assert_eq!(enums, [["0"]], "enum types left behind");
    }
}

on_every_backend!(down_to_base_leaves_only_the_tracking_tables);

#[tokio::test]
async fn tracking_table_matches_stock_sea_orm_migration() {
    let db = TestDb::create(Backend::Postgres).await;
    db.run(&["up"]).success();
    let columns = rows(
        &db.connect().await,
        "SELECT column_name::text, data_type::text, is_nullable::text FROM information_schema.columns \
         WHERE table_name = 'seaql_migrations' ORDER BY ordinal_position",
        3,
    )
    .await;
    assert_eq!(
        columns,
        [
            ["version", "character varying", "NO"],
            ["applied_at", "bigint", "NO"]
        ]
    );
}
