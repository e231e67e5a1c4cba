//! Which column type changes are known to keep every value (widenings). Any
//! other type change may lose data and counts as destructive.
//!
//! Known widenings, and only these: `varchar(n)` to `varchar(m)` and
//! `character varying(n)` to `character varying(m)` with m > n;
//! `character varying(n)` to `text` or to unbounded `character varying`;
//! an integer to a larger integer of the same signedness (`smallint`/`int2` <
//! `mediumint` < `integer`/`int`/`int4` < `bigint`/`int8`, display widths such
//! as `int(11)` aside); a MySQL `enum(...)` to one that keeps every value
//! (values added, wherever they go).

/// Whether changing a column's type from `from` to `to` keeps every value.
pub(super) fn is_widening(from: &str, to: &str) -> bool {
    let (from, to) = (
        from.trim().to_ascii_lowercase(),
        to.trim().to_ascii_lowercase(),
    );
    if let (Some((f, n)), Some((t, m))) = (bounded(&from), bounded(&to)) {
        return f == t && m > n;
    }
    if let Some(("character varying", _)) = bounded(&from) {
        return to == "text" || to == "character varying";
    }
    if let (Some(old), Some(new)) = (enum_values(&from), enum_values(&to)) {
        return old.iter().all(|value| new.contains(value));
    }
    match (integer_rank(&from), integer_rank(&to)) {
        (Some((f, unsigned_f)), Some((t, unsigned_t))) => t > f && unsigned_f == unsigned_t,
        _ => false,
    }
}

/// A MySQL `enum('a','b')` type's quoted values (quoting kept: only compared).
fn enum_values(spelling: &str) -> Option<Vec<&str>> {
    let list = spelling.strip_prefix("enum(")?.strip_suffix(')')?;
    Some(list.split(',').map(str::trim).collect())
}

/// A bounded character type (`varchar` or `character varying`) and its length.
fn bounded(spelling: &str) -> Option<(&str, u64)> {
    let (name, rest) = spelling.split_once('(')?;
    let length = rest.strip_suffix(')')?.trim().parse().ok()?;
    let name = name.trim();
    matches!(name, "varchar" | "character varying").then_some((name, length))
}

/// An integer type's size rank and whether it is unsigned.
fn integer_rank(spelling: &str) -> Option<(u8, bool)> {
    let (base, unsigned) = match spelling.strip_suffix(" unsigned") {
        Some(base) => (base, true),
        None => (spelling, false),
    };
    let name = match base.split_once('(') {
        Some((name, width))
            if width
                .trim_end_matches(')')
                .chars()
                .all(|c| c.is_ascii_digit()) =>
        {
            name.trim()
        }
        Some(_) => return None,
        None => base,
    };
    let rank = match name {
        "smallint" | "int2" => 1,
        "mediumint" => 2,
        "integer" | "int" | "int4" => 3,
        "bigint" | "int8" => 4,
        _ => return None,
    };
    Some((rank, unsigned))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mysql_enum_that_keeps_every_value_is_a_widening() {
        assert!(is_widening("enum('a','c')", "enum('a','b','c')"));
        assert!(!is_widening("enum('a','b','c')", "enum('a','c')"));
    }

    #[test]
    fn longer_strings_unbounded_text_and_larger_integers_are_widenings() {
        assert!(is_widening("varchar(10)", "varchar(20)"));
        assert!(is_widening(
            "character varying(10)",
            "character varying(255)"
        ));
        assert!(is_widening("character varying(10)", "text"));
        assert!(is_widening("character varying(10)", "character varying"));
        assert!(is_widening("integer", "bigint"));
        assert!(is_widening("int(11)", "bigint(20)"));
        assert!(is_widening("smallint", "integer"));
        assert!(is_widening("int unsigned", "bigint unsigned"));
    }

    #[test]
    fn shorter_strings_smaller_integers_and_other_changes_are_not() {
        assert!(!is_widening("varchar(20)", "varchar(10)"));
        assert!(!is_widening("text", "character varying(64)"));
        assert!(!is_widening("bigint", "integer"));
        assert!(!is_widening("int unsigned", "bigint"));
        assert!(!is_widening("integer", "text"));
        assert!(!is_widening("varchar(10)", "character varying(20)"));
    }
}
