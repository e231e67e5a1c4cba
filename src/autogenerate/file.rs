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
pub fn render(
    up: &[Change],
    down: &[Change],
    context: &RenderContext,
) -> Result<String, RenderError> {
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

#[cfg(test)]
mod tests {
    use database::Backend;
    use database::catalog::schema::{Column, ForeignKey, Index, ReferentialAction, Table};

    use super::*;

    fn column(name: &str, data_type: &str, nullable: bool) -> Column {
        Column {
            name: name.to_owned(),
            data_type: data_type.to_owned(),
            nullable,
            default: None,
            auto_increment: false,
        }
    }

    fn id() -> Column {
        Column {
            auto_increment: true,
            ..column("id", "integer", false)
        }
    }

    fn table(name: &str, columns: Vec<Column>) -> Table {
        Table {
            name: name.to_owned(),
            columns,
            primary_key: vec!["id".to_owned()],
            indexes: Vec::new(),
            foreign_keys: Vec::new(),
            checks: Vec::new(),
        }
    }

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    /// The schema the sample starts from (PostgreSQL's spelling).
    fn current() -> Schema {
        let mut schema = Schema::new(Backend::Postgres);
        schema
            .enums
            .insert("member_role".to_owned(), strings(&["owner", "member"]));
        for table in [
            table(
                "organizations",
                vec![
                    id(),
                    column("name", "character varying(255)", false),
                    column("plan", "character varying(32)", true),
                    column("nickname", "character varying(255)", true),
                ],
            ),
            table(
                "members",
                vec![
                    id(),
                    column("role", "member_role", false),
                    column("nick", "character varying(64)", true),
                ],
            ),
        ] {
            schema.tables.insert(table.name.clone(), table);
        }
        schema
    }

    fn projects() -> Table {
        Table {
            indexes: vec![Index {
                name: "idx-projects-organization_id".to_owned(),
                columns: strings(&["organization_id"]),
                unique: false,
                predicate: None,
            }],
            foreign_keys: vec![ForeignKey {
                name: "fk-projects-organization_id".to_owned(),
                columns: strings(&["organization_id"]),
                foreign_table: "organizations".to_owned(),
                foreign_columns: strings(&["id"]),
                on_delete: ReferentialAction::Cascade,
                on_update: ReferentialAction::NoAction,
            }],
            ..table(
                "projects",
                vec![
                    id(),
                    column("organization_id", "integer", false),
                    column("name", "character varying(255)", false),
                    Column {
                        default: Some("CURRENT_TIMESTAMP".to_owned()),
                        ..column("created_at", "timestamp with time zone", false)
                    },
                ],
            )
        }
    }

    /// The sample's changes, and their reverses in reverse order.
    fn changes() -> (Vec<Change>, Vec<Change>) {
        let plan_before = column("plan", "character varying(32)", true);
        let plan_after = Column {
            default: Some("'free'::character varying".to_owned()),
            ..column("plan", "character varying(32)", false)
        };
        let logo_url = column("logo_url", "character varying(255)", true);
        let max_members = column("max_members", "integer", false);
        let nickname = column("nickname", "character varying(255)", true);
        let up = vec![
            Change::AddEnumValue {
                name: "member_role".to_owned(),
                value: "admin".to_owned(),
                before: Some("member".to_owned()),
                previous: strings(&["owner", "member"]),
            },
            Change::AlterColumn {
                table: "organizations".to_owned(),
                from: plan_before.clone(),
                to: plan_after.clone(),
            },
            Change::AddColumn {
                table: "organizations".to_owned(),
                column: logo_url.clone(),
            },
            Change::AddColumn {
                table: "organizations".to_owned(),
                column: max_members.clone(),
            },
            Change::RenameColumn {
                table: "members".to_owned(),
                from: "nick".to_owned(),
                to: "display_name".to_owned(),
            },
            Change::DropColumn {
                table: "organizations".to_owned(),
                column: nickname.clone(),
            },
            Change::CreateTable(projects()),
        ];
        let down = vec![
            Change::DropTable(projects()),
            Change::AddColumn {
                table: "organizations".to_owned(),
                column: nickname,
            },
            Change::RenameColumn {
                table: "members".to_owned(),
                from: "display_name".to_owned(),
                to: "nick".to_owned(),
            },
            Change::DropColumn {
                table: "organizations".to_owned(),
                column: max_members,
            },
            Change::DropColumn {
                table: "organizations".to_owned(),
                column: logo_url,
            },
            Change::AlterColumn {
                table: "organizations".to_owned(),
                from: plan_after,
                to: plan_before,
            },
            Change::ReplaceEnum {
                name: "member_role".to_owned(),
                from: strings(&["owner", "admin", "member"]),
                to: strings(&["owner", "member"]),
            },
        ];
        (up, down)
    }

    fn context() -> RenderContext {
        let (up, _) = changes();
        let mut desired = current();
        for change in &up {
            state::apply(&mut desired, change).expect("the sample applies");
        }
        RenderContext {
            current: current(),
            desired,
            fills: BTreeMap::from([(
                ("organizations".to_owned(), "max_members".to_owned()),
                "10".to_owned(),
            )]),
        }
    }

    #[test]
    fn the_golden_sample_is_what_the_renderer_writes() {
        let (up, down) = changes();
        let rendered = render(&up, &down, &context()).expect("the sample renders");
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden/autogenerate/sample.rs");
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &rendered).expect("write the golden file");
        }
        let golden = std::fs::read_to_string(&path).expect("the golden file");
        let first_difference = rendered
            .lines()
            .zip(golden.lines())
            .position(|(r, g)| r != g)
            .unwrap_or(rendered.lines().count().min(golden.lines().count()));
        assert!(
            rendered == golden,
            "the golden file differs from the renderer's output from line {}: {:?}; \
             rerun with UPDATE_GOLDEN=1 to accept",
            first_difference + 1,
            rendered.lines().nth(first_difference)
        );
    }
}
