//! The whole migration module: imports, the `Migration` struct, `up()`
//! with the changes, `down()` with their reverses, the identifier enums,
//! formatted by rustfmt.

use std::collections::BTreeMap;

use database::catalog::schema::Schema;

use super::emit::Emitter;
use super::{RenderError, rustfmt, state, steps};
use crate::diff::Change;

/// What rendering needs besides the changes.
#[derive(Debug, Clone)]
pub struct RenderContext {
    /// The schema the migrations produce now: `up()` starts from it.
    pub current: Schema,
    /// The schema the entities ask for: `down()` starts from it.
    pub desired: Schema,
    /// One-off values for the existing rows of NOT NULL columns added
    /// without a default, (table, column) to the value as SQL spells it (`'x'`, `0`).
    pub fills: BTreeMap<(String, String), String>,
}

/// The source of a migration module whose `up()` makes the changes `up`
/// and whose `down()` makes `down` (`up` reversed, change by change).
pub fn render(up: &[Change], down: &[Change], context: &RenderContext) -> Result<String, RenderError> {
    let mut e = Emitter::new(context.desired.backend);
    let up_body = body(&mut e, &context.current, up, context)?;
    let down_body = body(&mut e, &context.desired, down, context)?;
    let mut source = String::from(
        "//! Written by `generate --autogenerate` from the difference between the\n\
         //! schema the migrations produce and the one the entities ask for.\n\
         //! Review every step (above all those marked DESTRUCTIVE) before applying it.\n\n\
         use sea_orm_migration::prelude::*;\n",
    );
    if e.imports.db_backend {
        source.push_str("use sea_orm_migration::sea_orm::DbBackend;\n");
    }
    if e.imports.pg_type {
        source.push_str("use sea_orm_migration::sea_query::extension::postgres::Type;\n");
    }
    if e.imports.utc_timestamp {
        source.push_str("use migrate_kit::types::utc_timestamp;\n");
    }
    source.push_str(&format!(
        "\n#[derive(DeriveMigrationName)]\npub struct Migration;\n\n\
         #[async_trait::async_trait]\nimpl MigrationTrait for Migration {{\n\
         async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {{\n{up_body}Ok(())\n}}\n\n\
         async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {{\n{down_body}Ok(())\n}}\n}}\n{}",
        e.idents.source()
    ));
    rustfmt::format(&source)
}

/// The statements of `changes`, made in turn from `start`.
fn body(
    e: &mut Emitter,
    start: &Schema,
    changes: &[Change],
    context: &RenderContext,
) -> Result<String, RenderError> {
    let mut schema = start.clone();
    for change in changes {
        e.separate();
        steps::render(e, &schema, change, &context.fills)?;
        state::apply(&mut schema, change)?;
    }
    if !changes.is_empty() {
        e.separate();
    }
    Ok(e.take())
}
