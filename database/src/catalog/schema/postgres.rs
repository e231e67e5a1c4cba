//! PostgreSQL's schema catalog: `pg_catalog` (which privileges do not
//! filter), one query per part for every table of the schema, the schema's
//! name bound as `$1`.

use sea_orm::{ConnectionTrait, DbErr};

use super::parse::check_expression;
use super::{Builder, Check, Column, ReferentialAction, Schema, get, names, query, unknown_action};
use crate::Backend;

/// The schema's name, if it exists: the one asked for, or the connection's current one.
const SCHEMA: &str = "SELECT n.nspname::text AS name FROM pg_namespace n \
     WHERE n.nspname = coalesce($1::text, current_schema()::text)";

/// The base tables (plain and partitioned) of the schema.
const TABLES: &str = "SELECT c.relname::text AS t FROM pg_class c \
     JOIN pg_namespace n ON n.oid = c.relnamespace \
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')";

/// Every column: its type as `format_type` spells it with the schema of
/// the type, its default expression and whether it is an identity column.
const COLUMNS: &str = "SELECT c.relname::text AS t, a.attnum::int8 AS pos, a.attname::text AS name, \
     format_type(a.atttypid, a.atttypmod) AS type, tn.nspname::text AS type_schema, \
     quote_ident(tn.nspname) AS type_schema_quoted, \
     NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS def, \
     a.attidentity <> '' AS identity \
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
     JOIN pg_namespace n ON n.oid = c.relnamespace \
     JOIN pg_type ty ON ty.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = ty.typnamespace \
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped";

/// The primary keys' columns with their places in `conkey`.
const PRIMARY_KEYS: &str = "SELECT c.relname::text AS t, k.ord::int8 AS pos, a.attname::text AS name \
     FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid \
     JOIN pg_namespace n ON n.oid = c.relnamespace \
     CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) \
     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum \
     WHERE n.nspname = $1 AND con.contype = 'p'";

/// Every index but the primary key's (unique constraints are their
/// indexes), one row per key column (not `INCLUDE` ones): the column's
/// name, or an expression's text.
const INDEXES: &str = "SELECT c.relname::text AS t, ic.relname::text AS name, i.indisunique AS uniq, \
     pg_get_expr(i.indpred, i.indrelid) AS pred, k.k::int8 AS pos, \
     CASE WHEN i.indkey[k.k] = 0 THEN pg_get_indexdef(i.indexrelid, k.k + 1, false) \
     ELSE a.attname::text END AS col \
     FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid \
     JOIN pg_namespace n ON n.oid = c.relnamespace \
     JOIN pg_class ic ON ic.oid = i.indexrelid \
     CROSS JOIN LATERAL generate_series(0, i.indnkeyatts - 1) AS k(k) \
     LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.k] \
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT i.indisprimary";

/// Every foreign key, one row per column pair, `conkey` and `confkey` side by side.
const FOREIGN_KEYS: &str = "SELECT c.relname::text AS t, con.conname::text AS name, k.ord::int8 AS pos, \
     a.attname::text AS col, fc.relname::text AS foreign_table, fn.nspname::text AS foreign_schema, \
     fa.attname::text AS foreign_col, con.confdeltype::text AS on_delete, \
     con.confupdtype::text AS on_update \
     FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid \
     JOIN pg_namespace n ON n.oid = c.relnamespace \
     JOIN pg_class fc ON fc.oid = con.confrelid JOIN pg_namespace fn ON fn.oid = fc.relnamespace \
     CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, fattnum, ord) \
     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum \
     JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.fattnum \
     WHERE n.nspname = $1 AND con.contype = 'f'";

/// Every check constraint of a table (not a domain's).
const CHECKS: &str = "SELECT c.relname::text AS t, con.conname::text AS name, \
     pg_get_constraintdef(con.oid) AS def \
     FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid \
     JOIN pg_namespace n ON n.oid = c.relnamespace \
     WHERE n.nspname = $1 AND con.contype = 'c'";

/// The enum types of the schema no extension owns, with their values in
/// `enumsortorder` order (a type without values has one row, `label` NULL).
const ENUMS: &str = "SELECT t.typname::text AS name, e.enumlabel::text AS label \
     FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
     LEFT JOIN pg_enum e ON e.enumtypid = t.oid \
     WHERE n.nspname = $1 AND t.typtype = 'e' AND NOT EXISTS (SELECT 1 FROM pg_depend d \
     WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e') \
     ORDER BY t.oid, e.enumsortorder";

/// Reads the tables but `skip` and the enum types of `schema` (the current one when `None`).
pub(super) async fn read<C: ConnectionTrait>(
    db: &C,
    schema: Option<&str>,
    skip: &[&str],
) -> Result<Schema, DbErr> {
    let rows = query(db, SCHEMA, vec![schema.map(str::to_owned).into()]).await?;
    let Some(row) = rows.first() else {
        return Err(DbErr::Custom(match schema {
            Some(name) => format!("schema {name:?} does not exist"),
            None => "the connection has no current schema (no schema of its search_path exists)"
                .to_owned(),
        }));
    };
    let schema: String = get(row, "name")?;
    let bind = || vec![schema.clone().into()];

    let tables = names(&query(db, TABLES, bind()).await?, "t")?;
    let mut builder = Builder::new(Backend::Postgres, tables, skip);

    for row in query(db, COLUMNS, bind()).await? {
        let table: String = get(&row, "t")?;
        let default: Option<String> = get(&row, "def")?;
        let serial = default
            .as_deref()
            .is_some_and(|d| d.starts_with("nextval("));
        let column = Column {
            name: get(&row, "name")?,
            data_type: qualified_type(
                &get::<String>(&row, "type")?,
                &get::<String>(&row, "type_schema")?,
                &get::<String>(&row, "type_schema_quoted")?,
                &schema,
            ),
            nullable: get(&row, "nullable")?,
            default: if serial { None } else { default },
            auto_increment: serial || get::<bool>(&row, "identity")?,
        };
        builder.column(&table, get(&row, "pos")?, column);
    }

    for row in query(db, PRIMARY_KEYS, bind()).await? {
        let table: String = get(&row, "t")?;
        builder.key_column(&table, get(&row, "pos")?, get(&row, "name")?);
    }

    for row in query(db, INDEXES, bind()).await? {
        let table: String = get(&row, "t")?;
        builder.index_column(
            &table,
            get(&row, "name")?,
            get(&row, "uniq")?,
            get(&row, "pred")?,
            get(&row, "pos")?,
            get(&row, "col")?,
        );
    }

    for row in query(db, FOREIGN_KEYS, bind()).await? {
        let table: String = get(&row, "t")?;
        let name: String = get(&row, "name")?;
        let action = |column: &str| -> Result<ReferentialAction, DbErr> {
            let code: String = get(&row, column)?;
            action(&code).ok_or_else(|| unknown_action(&table, &name, &code))
        };
        let (on_delete, on_update) = (action("on_delete")?, action("on_update")?);
        let foreign_schema: String = get(&row, "foreign_schema")?;
        let foreign_table: String = get(&row, "foreign_table")?;
        let foreign_table = if foreign_schema == schema {
            foreign_table
        } else {
            format!("{foreign_schema}.{foreign_table}")
        };
        builder.foreign_key_column(
            &table,
            name.clone(),
            name,
            foreign_table,
            on_delete,
            on_update,
            get(&row, "pos")?,
            get(&row, "col")?,
            get(&row, "foreign_col")?,
        );
    }

    for row in query(db, CHECKS, bind()).await? {
        let table: String = get(&row, "t")?;
        let check = Check {
            name: get(&row, "name")?,
            expression: check_expression(&get::<String>(&row, "def")?),
        };
        builder.check(&table, check);
    }

    for row in query(db, ENUMS, bind()).await? {
        let values = builder.enums.entry(get(&row, "name")?).or_default();
        if let Some(label) = get::<Option<String>>(&row, "label")? {
            values.push(label);
        }
    }

    Ok(builder.finish())
}

/// `pg_constraint`'s `confdeltype` / `confupdtype` code as an action.
fn action(code: &str) -> Option<ReferentialAction> {
    match code {
        "a" => Some(ReferentialAction::NoAction),
        "r" => Some(ReferentialAction::Restrict),
        "c" => Some(ReferentialAction::Cascade),
        "n" => Some(ReferentialAction::SetNull),
        "d" => Some(ReferentialAction::SetDefault),
        _ => None,
    }
}

/// A column's type as `format_type` spells it (`formatted`), qualified with
/// the type's schema `type_schema` (`quote_ident`ed: `quoted_schema`) only
/// when that is neither the schema being read nor `pg_catalog`.
/// `format_type` qualifies by what the session's `search_path` sees, so
/// its own qualification is taken off first.
fn qualified_type(formatted: &str, type_schema: &str, quoted_schema: &str, schema: &str) -> String {
    let prefix = format!("{quoted_schema}.");
    let bare = formatted.strip_prefix(&prefix).unwrap_or(formatted);
    if type_schema == "pg_catalog" || type_schema == schema {
        bare.to_owned()
    } else {
        format!("{prefix}{bare}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_qualified_only_outside_the_schema_read() {
        let of = |formatted, type_schema: &str, schema| {
            let quoted = if type_schema.chars().all(|c| c.is_ascii_lowercase()) {
                type_schema.to_owned()
            } else {
                format!("\"{type_schema}\"")
            };
            qualified_type(formatted, type_schema, &quoted, schema)
        };
        assert_eq!(of("integer", "pg_catalog", "public"), "integer");
        assert_eq!(of("mood", "public", "public"), "mood");
        assert_eq!(of("mood[]", "public", "public"), "mood[]");
        // Reading `app` while the session's search_path is `public`.
        assert_eq!(of("app.mood", "app", "app"), "mood");
        assert_eq!(of("\"My App\".mood[]", "My App", "My App"), "mood[]");
        // A type of another schema, whether the search_path sees it or not.
        assert_eq!(of("other.color", "other", "public"), "other.color");
        assert_eq!(of("color", "other", "public"), "other.color");
        assert_eq!(of("citext", "Ext", "public"), "\"Ext\".citext");
    }

    #[test]
    fn referential_action_codes() {
        assert_eq!(action("a"), Some(ReferentialAction::NoAction));
        assert_eq!(action("r"), Some(ReferentialAction::Restrict));
        assert_eq!(action("c"), Some(ReferentialAction::Cascade));
        assert_eq!(action("n"), Some(ReferentialAction::SetNull));
        assert_eq!(action("d"), Some(ReferentialAction::SetDefault));
        assert_eq!(action(" "), None);
    }
}
