//! PG109: a column type change that rewrites the table and its indexes
//! under an ACCESS EXCLUSIVE lock. Changes PostgreSQL makes without a
//! rewrite (varchar widening, varchar to text, a larger numeric precision
//! at the same scale) are not flagged; when the old type is unknown (the
//! plan did not declare it) and the new type is one a widening produces,
//! the rule stays silent.

use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, CharacterLength, DataType, ExactNumberInfo,
    Statement,
};

use super::{Cx, POSTGRES, Rule, rows};
use crate::lint::Severity;
use crate::lint::parse::ident_key;

/// PG109.
pub const RULE: Rule = Rule {
    code: "PG109",
    severity: Severity::Error,
    backends: POSTGRES,
    instead: "add a column of the new type, write both, backfill it in batches, switch the application to it, then drop the old one",
    check,
};

fn check(cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let (alter, table, estimate) = cx.existing_alter(statement)?;
    alter.operations.iter().find_map(|operation| {
        let AlterTableOperation::AlterColumn {
            column_name,
            op: AlterColumnOperation::SetDataType {
                data_type, using, ..
            },
        } = operation
        else {
            return None;
        };
        let old = cx.known.column_type(&table, &ident_key(column_name));
        let rewrites = using.is_some()
            || match old {
                Some(old) => !in_place(old, data_type),
                None => !widening(data_type),
            };
        rewrites.then(|| {
            format!(
                "changing `{table}.{}` to {data_type} rewrites the table{} and its indexes under an ACCESS EXCLUSIVE lock",
                column_name.value,
                rows(estimate)
            )
        })
    })
}

/// Whether PostgreSQL changes `old` to `new` without rewriting the table.
fn in_place(old: &DataType, new: &DataType) -> bool {
    if old == new {
        return true;
    }
    match (varchar(old), varchar(new)) {
        // Varchar(n) or text to a longer or unbounded varchar, or text.
        (Some(Some(old)), Some(new)) => return new.is_none_or(|new| new >= old),
        (Some(None), Some(None)) => return true,
        _ => {}
    }
    match (numeric(old), numeric(new)) {
        (Some(ExactNumberInfo::None), Some(ExactNumberInfo::None)) => true,
        (Some(_), Some(ExactNumberInfo::None)) => true,
        (Some(old), Some(new)) => {
            let (old_p, old_s) = precision(old);
            let (new_p, new_s) = precision(new);
            new_s == old_s && new_p >= old_p
        }
        _ => false,
    }
}

/// Whether a widening could produce `new` (varchar, text, numeric).
fn widening(new: &DataType) -> bool {
    varchar(new).is_some() || numeric(new).is_some()
}

/// `Some(length)` for varchar and text (`None`: unbounded).
fn varchar(data_type: &DataType) -> Option<Option<u64>> {
    match data_type {
        DataType::Varchar(length) | DataType::CharacterVarying(length) => Some(match length {
            Some(CharacterLength::IntegerLength { length, .. }) => Some(*length),
            _ => None,
        }),
        DataType::Text => Some(None),
        _ => None,
    }
}

fn numeric(data_type: &DataType) -> Option<ExactNumberInfo> {
    match data_type {
        DataType::Numeric(info) | DataType::Decimal(info) => Some(*info),
        _ => None,
    }
}

fn precision(info: ExactNumberInfo) -> (u64, i64) {
    match info {
        ExactNumberInfo::None => (u64::MAX, 0),
        ExactNumberInfo::Precision(p) => (p, 0),
        ExactNumberInfo::PrecisionAndScale(p, s) => (p, s),
    }
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    fn change(from: &str, to: &str) -> Vec<&'static str> {
        // The table exists; the plan declared the column's old type.
        codes(
            Backend::Postgres,
            true,
            &[("orders", None)],
            &[
                &format!(r#"ALTER TABLE "orders" ADD COLUMN "c" {from}"#),
                &format!(r#"ALTER TABLE "orders" ALTER COLUMN "c" TYPE {to}"#),
            ],
        )
        .into_iter()
        .filter(|code| *code == "PG109")
        .collect()
    }

    #[test]
    fn a_rewriting_type_change_is_an_error() {
        assert_eq!(change("integer", "bigint"), ["PG109"]);
        assert_eq!(change("varchar(100)", "varchar(50)"), ["PG109"]);
        assert_eq!(change("numeric(10, 2)", "numeric(12, 4)"), ["PG109"]);
        assert_eq!(change("integer", "text"), ["PG109"]);
    }

    #[test]
    fn widenings_postgres_makes_in_place_pass() {
        assert!(change("varchar(50)", "varchar(100)").is_empty());
        assert!(change("varchar(50)", "text").is_empty());
        assert!(change("varchar", "text").is_empty());
        assert!(change("numeric(10, 2)", "numeric(12, 2)").is_empty());
        assert!(change("numeric(10, 2)", "numeric").is_empty());
    }

    #[test]
    fn an_unknown_old_type_is_flagged_unless_a_widening_could_produce_the_new_one() {
        let to = |ty: &str| {
            codes(
                Backend::Postgres,
                true,
                &[("orders", None)],
                &[&format!(
                    r#"ALTER TABLE "orders" ALTER COLUMN "c" TYPE {ty}"#
                )],
            )
        };
        assert_eq!(to("bigint"), ["PG109"]);
        assert!(to("varchar(200)").is_empty());
    }
}
