//! SQLite's table rebuild: SQLite cannot alter a column, a primary key or a
//! constraint of an existing table, so the table is created anew with its
//! whole definition, its rows copied, the old table dropped, the new one
//! renamed and its indexes re-created.

use database::Backend;
use database::catalog::schema::Schema;

use super::dsl::{self, alias};
use super::emit::{Emitter, quote};
use super::{RenderError, state};

/// Opens `if SQLite { <rebuild of table> } else {`, leaving the `else`
/// open for the other backends' in-place change. `before` and `after` are
/// the schema around the change; `change` says what it does, for the error.
pub fn on_sqlite(
    e: &mut Emitter,
    before: &Schema,
    after: &Schema,
    table: &str,
    change: &str,
) -> Result<(), RenderError> {
    // Dropping a referenced table would run the referencing rows' ON DELETE actions.
    let referencing = state::referencing(before, table);
    if !referencing.is_empty() {
        return Err(RenderError::SqliteRebuildOfReferencedTable {
            change: change.to_owned(),
            table: table.to_owned(),
            referencing,
        });
    }
    let old = state::table(before, table)?;
    let new = state::table(after, table)?;
    let rebuilt = format!("{table}_new");
    e.open_guard(&[Backend::Sqlite]);
    e.comment(&format!(
        "SQLite cannot {change} in place, so the table is rebuilt: created anew as \
         {rebuilt}, its rows copied, the old table dropped, the new one renamed and its \
         indexes re-created."
    ));
    let create = dsl::create_table(e, &alias(&rebuilt), new, &after.enums);
    e.call("create_table", &create);
    let common: Vec<String> = new
        .columns
        .iter()
        .filter(|c| old.column(&c.name).is_some())
        .map(|c| quote(Backend::Sqlite, &c.name))
        .collect();
    let common = common.join(", ");
    e.unprepared(
        "As SQL: sea-query's INSERT ... SELECT returns its own error type, not DbErr.",
        &format!(
            "INSERT INTO {} ({common}) SELECT {common} FROM {}",
            quote(Backend::Sqlite, &rebuilt),
            quote(Backend::Sqlite, table)
        ),
    );
    let name = e.idents.table(table);
    e.call(
        "drop_table",
        &format!("Table::drop().table({name}).to_owned()"),
    );
    e.call(
        "rename_table",
        &format!(
            "Table::rename().table({}, {name}).to_owned()",
            alias(&rebuilt)
        ),
    );
    for index in &new.indexes {
        let create = dsl::create_index(e, table, index);
        e.call("create_index", &create);
    }
    e.else_guard();
    Ok(())
}
