//! What a rollback drops, named in `down`'s question without running any
//! migration code: the tables and columns the database has now that it did
//! not have when it last stood at the version `down` returns to, as the
//! newest backup taken then recorded them (a backup's inventory: tables,
//! row counts, columns), with the rows and values they hold now. Best
//! effort: what cannot be known is said, and never stops the rollback.

use std::collections::BTreeSet;

use backup::inventory;
use database::catalog::{self, Scope};

use crate::adopt;
use crate::config::Settings;
use crate::engine::{Engine, Plan, State};
use crate::plan::Step;

/// The lines `down`'s question shows about what `plan` drops.
pub(super) async fn details(
    engine: &Engine,
    state: &State,
    settings: &Settings,
    plan: &Plan,
) -> Vec<String> {
    let reverted: BTreeSet<&str> = plan
        .steps
        .iter()
        .filter_map(|step| match step {
            Step::Revert(version) => Some(version.as_str()),
            _ => None,
        })
        .collect();
    if reverted.is_empty() {
        return Vec::new();
    }
    // The newest migration that stays applied: the head `down` returns to.
    let head = state
        .applied
        .iter()
        .map(|record| record.version.as_str())
        .filter(|version| !reverted.contains(version))
        .max();
    let these = match reverted.len() {
        1 => "this migration",
        _ => "these migrations",
    };
    match created_since(engine, settings, head, these).await {
        Ok(lines) => lines,
        Err(why) => vec![format!(
            "what {these} created is not known: {why}; `migration down --dry-run` shows the SQL down() runs"
        )],
    }
}

/// The lines naming what the database gained since the newest backup taken
/// at `head` (`None`: no migration applied), or why none can tell.
async fn created_since(
    engine: &Engine,
    settings: &Settings,
    head: Option<&str>,
    these: &str,
) -> Result<Vec<String>, String> {
    let at = head.unwrap_or("base");
    let backups = settings
        .backups(&engine.tracking_table())
        .map_err(|e| e.to_string())?;
    let before = backups
        .metadata()
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|metadata| metadata.migration_head.as_deref() == head)
        .ok_or_else(|| {
            format!(
                "no backup in {} was taken with the database at {at}",
                settings.backup.dir.display()
            )
        })?;
    let db = engine.connection();
    let own = adopt::bookkeeping(&engine.tracking_table());
    let mut found = Vec::new();
    let tables = catalog::tables(db, Scope::Database)
        .await
        .map_err(|e| e.to_string())?;
    for table in tables {
        let name = table.to_string();
        if own.contains(&name) || before.row_counts.contains_key(&name) {
            continue;
        }
        let rows = inventory::count_rows(db, &table)
            .await
            .map_err(|e| e.to_string())?;
        let noun = if rows == 1 { "row" } else { "rows" };
        found.push(format!("  table {name} ({rows} {noun})"));
    }
    for (table, columns) in catalog::columns(db).await.map_err(|e| e.to_string())? {
        let Some(known) = before.columns.get(&table) else {
            continue;
        };
        for column in columns.difference(known) {
            let values = inventory::count_values(db, &table, column)
                .await
                .map_err(|e| e.to_string())?;
            let noun = if values == 1 { "value" } else { "values" };
            found.push(format!(
                "  column {table}.{column} ({values} non-null {noun})"
            ));
        }
    }
    let since = format!("since backup {} ({}, at {at})", before.id, before.age());
    let mut lines = match found.is_empty() {
        true => vec![format!(
            "{since}, {these} created no table or column; `migration down --dry-run` shows what down() changes"
        )],
        false => {
            let mut lines = vec![format!(
                "rolling back normally drops what {these} created {since}:"
            )];
            lines.extend(found);
            lines
        }
    };
    // A backup of tables without columns predates their recording.
    if before.columns.is_empty() && !before.row_counts.is_empty() {
        lines.push(format!(
            "  (backup {} records no columns: added columns are not named)",
            before.id
        ));
    }
    Ok(lines)
}
