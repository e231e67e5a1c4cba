//! PostgreSQL's database-level properties (the owner, the privileges
//! `GRANT ... ON DATABASE`, the settings `ALTER DATABASE ... SET` and
//! `ALTER ROLE ... IN DATABASE ... SET`, the comment and the connection
//! limit): reading them from the catalogs in the dump's snapshot for the
//! metadata, and giving them back to the restored database before it is
//! swapped in. They belong to the database, not to what is in it, so a dump
//! restored into a new database would lose them.

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, Statement, TransactionTrait,
};
use serde::{Deserialize, Serialize};

use crate::BackupError;

/// A database's properties, as a backup's metadata records them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseProperties {
    /// The owning role.
    pub owner: String,
    /// `pg_database.datacl` as text, one `grantee=privileges/grantor` item
    /// each (an empty grantee is PUBLIC); `null` for the default privileges.
    pub acl: Option<Vec<String>>,
    /// The settings made for this database, for every role or for one.
    pub settings: Vec<Setting>,
    /// The database's comment.
    pub comment: Option<String>,
    /// The connection limit; -1 for none.
    pub connection_limit: i32,
}

/// One setting: `ALTER DATABASE ... SET name = value`, or with a role,
/// `ALTER ROLE role IN DATABASE ... SET name = value`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setting {
    /// The role it applies to; `null` for every role.
    pub role: Option<String>,
    /// The parameter.
    pub name: String,
    /// Its value, as `pg_db_role_setting` stores it.
    pub value: String,
}

/// One property to give back and the statements that do it; they run in a
/// savepoint, so one that is refused is undone and reported on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// What it gives back, for the note when it is refused.
    pub what: String,
    /// The statements.
    pub sql: Vec<String>,
}

/// The database privileges and their letters in `aclitem` text.
const PRIVILEGES: [(char, &str); 3] = [('C', "CREATE"), ('T', "TEMPORARY"), ('c', "CONNECT")];

/// Settings whose value is a list of quoted elements (pg_dump's
/// `variable_is_guc_list_quote`): each element is set as its own literal.
const LIST_SETTINGS: [&str; 6] = [
    "local_preload_libraries",
    "search_path",
    "session_preload_libraries",
    "shared_preload_libraries",
    "temp_tablespaces",
    "unix_socket_directories",
];

/// Reads the properties of the database `db` is connected to.
pub async fn read<C: ConnectionTrait>(db: &C) -> Result<DatabaseProperties, BackupError> {
    let sql = "SELECT json_build_object(\
        'owner', pg_get_userbyid(d.datdba), \
        'acl', d.datacl::text[], \
        'settings', COALESCE((\
            SELECT json_agg(json_build_object(\
                'role', r.rolname, \
                'name', split_part(c.item, '=', 1), \
                'value', substr(c.item, strpos(c.item, '=') + 1)) \
                ORDER BY r.rolname NULLS FIRST, c.n) \
            FROM pg_db_role_setting s \
            LEFT JOIN pg_roles r ON r.oid = s.setrole \
            CROSS JOIN LATERAL unnest(s.setconfig) WITH ORDINALITY AS c(item, n) \
            WHERE s.setdatabase = d.oid), '[]'::json), \
        'comment', shobj_description(d.oid, 'pg_database'), \
        'connection_limit', d.datconnlimit)::text AS v \
        FROM pg_database d WHERE d.datname = current_database()";
    let context = "cannot read the database's privileges and settings";
    let json: String = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .map_err(BackupError::database(context))?
        .map(|row| row.try_get("", "v"))
        .transpose()
        .map_err(BackupError::database(context))?
        .ok_or_else(|| BackupError::Database {
            context: context.to_owned(),
            message: "the database is not in pg_database".to_owned(),
        })?;
    serde_json::from_str(&json).map_err(|e| BackupError::Database {
        context: context.to_owned(),
        message: e.to_string(),
    })
}

/// Gives `database` (which the session's user created, and so owns; it is
/// to become `live`) the recorded `properties`, each in a savepoint; returns
/// a note for each one the server refused. Fails only when the server cannot
/// be used at all or the recorded privileges cannot be read.
pub async fn apply(
    admin: &DatabaseConnection,
    database: &str,
    live: &str,
    properties: &DatabaseProperties,
) -> Result<Vec<String>, BackupError> {
    let context = "cannot give the restored database its privileges and settings";
    // One transaction: one session for `SET LOCAL ROLE`, and nothing half done.
    let txn = admin
        .begin()
        .await
        .map_err(BackupError::database(context))?;
    let me: String = txn
        .query_one_raw(Statement::from_string(
            txn.get_database_backend(),
            "SELECT current_user::text AS v",
        ))
        .await
        .map_err(BackupError::database(context))?
        .map(|row| row.try_get("", "v"))
        .transpose()
        .map_err(BackupError::database(context))?
        .unwrap_or_default();
    let mut notes = Vec::new();
    let mut owner_now = me.clone();
    if let Some(step) = properties.owner_step(database, &me) {
        match run(&txn, &step).await {
            Ok(()) => owner_now = properties.owner.clone(),
            Err(error) => {
                let by_hand = properties.owner_step(live, &me).unwrap_or(step);
                notes.push(format!(
                    "{}; the restored database is owned by {me}",
                    not_restored(&by_hand, &error)
                ));
            }
        }
    }
    let unreadable = |reason| BackupError::Database {
        context: context.to_owned(),
        message: reason,
    };
    let steps = properties.steps(database, &owner_now).map_err(unreadable)?;
    // The same steps for the live name, for the notes.
    let by_hand = properties.steps(live, &owner_now).map_err(unreadable)?;
    for (step, by_hand) in steps.iter().zip(&by_hand) {
        if let Err(error) = run(&txn, step).await {
            notes.push(not_restored(by_hand, &error));
        }
    }
    txn.commit().await.map_err(BackupError::database(context))?;
    Ok(notes)
}

/// The note for a refused `step` (made for the live database's name): what
/// it was, why, and the statements a superuser can run to do it.
fn not_restored(step: &Step, error: &str) -> String {
    let mut sql = step.sql.join("; ");
    if step.sql.iter().any(|s| s.starts_with("SET LOCAL")) {
        sql = format!("BEGIN; {sql}; COMMIT");
    }
    format!(
        "not restored: {} ({error}); a superuser can run `{sql}`",
        step.what
    )
}

/// Runs `step` in a savepoint, rolled back if any of its statements fails.
async fn run(txn: &DatabaseTransaction, step: &Step) -> Result<(), String> {
    let execute = |sql: &str| {
        let sql = sql.to_owned();
        async move { txn.execute_unprepared(&sql).await.map(drop) }
    };
    execute("SAVEPOINT restore_property")
        .await
        .map_err(|e| e.to_string())?;
    for sql in &step.sql {
        if let Err(error) = execute(sql).await {
            execute("ROLLBACK TO SAVEPOINT restore_property")
                .await
                .map_err(|e| e.to_string())?;
            return Err(error.to_string());
        }
    }
    execute("RELEASE SAVEPOINT restore_property")
        .await
        .map_err(|e| e.to_string())
}

impl DatabaseProperties {
    /// The step that gives `database` the recorded owner, unless
    /// `current_user` (who owns it now) is that owner.
    pub fn owner_step(&self, database: &str, current_user: &str) -> Option<Step> {
        (self.owner != current_user).then(|| Step {
            what: format!("the owner {}", ident(&self.owner)),
            sql: vec![format!(
                "ALTER DATABASE {} OWNER TO {}",
                ident(database),
                ident(&self.owner)
            )],
        })
    }

    /// The steps that give `database`, owned by `owner_now`, every recorded
    /// property but the owner. The privileges are rebuilt item by item in
    /// their recorded order, so `datacl` comes back equal; what the recorded
    /// owner held or granted, `owner_now` holds or grants. Fails when a
    /// recorded privilege cannot be read.
    pub fn steps(&self, database: &str, owner_now: &str) -> Result<Vec<Step>, String> {
        let db = ident(database);
        let mut steps = Vec::new();
        if self.connection_limit != -1 {
            steps.push(Step {
                what: format!("the connection limit {}", self.connection_limit),
                sql: vec![format!(
                    "ALTER DATABASE {db} CONNECTION LIMIT {}",
                    self.connection_limit
                )],
            });
        }
        steps.extend(self.settings.iter().map(|s| s.step(&db)));
        if let Some(comment) = &self.comment {
            steps.push(Step {
                what: "the comment".to_owned(),
                sql: vec![format!("COMMENT ON DATABASE {db} IS {}", literal(comment))],
            });
        }
        let Some(acl) = &self.acl else {
            return Ok(steps);
        };
        let as_now = |role: &str| {
            if role == self.owner {
                owner_now.to_owned()
            } else {
                role.to_owned()
            }
        };
        let items = acl
            .iter()
            .map(|item| {
                AclItem::parse(item).ok_or_else(|| format!("cannot read the privileges `{item}`"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        // An empty list first: the grants below then rebuild it in order.
        steps.push(Step {
            what: "the privileges as recorded (PUBLIC keeps the default ones)".to_owned(),
            sql: vec![
                format!("REVOKE ALL ON DATABASE {db} FROM PUBLIC"),
                format!("REVOKE ALL ON DATABASE {db} FROM {}", ident(owner_now)),
            ],
        });
        for (text, item) in acl.iter().zip(items) {
            let grantee = item
                .grantee
                .as_deref()
                .map_or("PUBLIC".to_owned(), |g| ident(&as_now(g)));
            let grantor = as_now(&item.grantor);
            let mut sql = Vec::new();
            // A grant is recorded as made by the role that makes it.
            let other_grantor = grantor != owner_now;
            if other_grantor {
                sql.push(format!("SET LOCAL ROLE {}", ident(&grantor)));
            }
            for grantable in [false, true] {
                let names: Vec<&str> = item
                    .privileges
                    .iter()
                    .filter(|(_, g)| *g == grantable)
                    .map(|(name, _)| *name)
                    .collect();
                if !names.is_empty() {
                    sql.push(format!(
                        "GRANT {} ON DATABASE {db} TO {grantee}{}",
                        names.join(", "),
                        if grantable { " WITH GRANT OPTION" } else { "" }
                    ));
                }
            }
            if other_grantor {
                sql.push("RESET ROLE".to_owned());
            }
            steps.push(Step {
                what: format!("the privileges {text}"),
                sql,
            });
        }
        Ok(steps)
    }
}

impl Setting {
    fn step(&self, db: &str) -> Step {
        let value = if LIST_SETTINGS.contains(&self.name.as_str()) {
            split_list(&self.value)
                .iter()
                .map(|element| literal(element))
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            literal(&self.value)
        };
        let set = format!("SET {} TO {value}", ident(&self.name));
        match &self.role {
            None => Step {
                what: format!("the setting {} = {}", self.name, self.value),
                sql: vec![format!("ALTER DATABASE {db} {set}")],
            },
            Some(role) => Step {
                what: format!("the setting {} = {} for role {role}", self.name, self.value),
                sql: vec![format!("ALTER ROLE {} IN DATABASE {db} {set}", ident(role))],
            },
        }
    }
}

/// One `aclitem`: who holds which privileges, from whom.
#[derive(Debug, PartialEq, Eq)]
struct AclItem {
    /// The role; `None` for PUBLIC.
    grantee: Option<String>,
    /// Each privilege, and whether it may be granted on.
    privileges: Vec<(&'static str, bool)>,
    grantor: String,
}

impl AclItem {
    /// Parses `grantee=privileges/grantor`, names double-quoted as needed.
    fn parse(text: &str) -> Option<Self> {
        let (grantee, rest) = role_name(text);
        let rest = rest.strip_prefix('=')?;
        let (letters, grantor) = rest.split_once('/')?;
        let (grantor, tail) = role_name(grantor);
        if !tail.is_empty() || grantor.is_empty() {
            return None;
        }
        let mut privileges = Vec::new();
        let mut chars = letters.chars().peekable();
        while let Some(letter) = chars.next() {
            let (_, name) = PRIVILEGES.iter().find(|(l, _)| *l == letter)?;
            let grantable = chars.next_if_eq(&'*').is_some();
            privileges.push((*name, grantable));
        }
        Some(Self {
            grantee: (!grantee.is_empty()).then_some(grantee),
            privileges,
            grantor,
        })
    }
}

/// A role name at the start of `text` (double-quoted, or up to `=` or `/`), and the rest.
fn role_name(text: &str) -> (String, &str) {
    let Some(quoted) = text.strip_prefix('"') else {
        let end = text.find(['=', '/']).unwrap_or(text.len());
        return (text[..end].to_owned(), &text[end..]);
    };
    let mut name = String::new();
    let mut chars = quoted.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '"' && chars.next_if(|(_, next)| *next == '"').is_none() {
            return (name, &quoted[at + 1..]);
        }
        name.push(c);
    }
    (name, "")
}

/// The elements of a list setting's value: `a, "b c"` is `a` and `b c`.
fn split_list(value: &str) -> Vec<String> {
    let mut elements = Vec::new();
    let mut element = String::new();
    let mut quoted = false;
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.next_if_eq(&'"').is_some() => element.push('"'),
            '"' => quoted = !quoted,
            ',' if !quoted => elements.push(std::mem::take(&mut element)),
            c if c.is_whitespace() && !quoted => {}
            c => element.push(c),
        }
    }
    elements.push(element);
    elements
}

/// `name` as a PostgreSQL identifier.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `text` as a PostgreSQL string literal, whatever `standard_conforming_strings` says.
fn literal(text: &str) -> String {
    let quoted = text.replace('\'', "''");
    if quoted.contains('\\') {
        format!("E'{}'", quoted.replace('\\', "\\\\"))
    } else {
        format!("'{quoted}'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn properties(acl: Option<&[&str]>) -> DatabaseProperties {
        DatabaseProperties {
            owner: "ops".to_owned(),
            acl: acl.map(|items| items.iter().map(|i| (*i).to_owned()).collect()),
            settings: Vec::new(),
            comment: None,
            connection_limit: -1,
        }
    }

    fn sql(steps: &[Step]) -> Vec<&str> {
        steps
            .iter()
            .flat_map(|s| s.sql.iter().map(String::as_str))
            .collect()
    }

    #[test]
    fn default_privileges_need_no_statements() {
        assert!(properties(None).steps("app", "ops").unwrap().is_empty());
    }

    #[test]
    fn privileges_are_rebuilt_in_their_recorded_order() {
        let p = properties(Some(&["=T/ops", "ops=CTc/ops", "app=c/ops"]));
        assert_eq!(
            sql(&p.steps("app_db", "ops").unwrap()),
            [
                "REVOKE ALL ON DATABASE \"app_db\" FROM PUBLIC",
                "REVOKE ALL ON DATABASE \"app_db\" FROM \"ops\"",
                "GRANT TEMPORARY ON DATABASE \"app_db\" TO PUBLIC",
                "GRANT CREATE, TEMPORARY, CONNECT ON DATABASE \"app_db\" TO \"ops\"",
                "GRANT CONNECT ON DATABASE \"app_db\" TO \"app\"",
            ]
        );
    }

    #[test]
    fn what_the_recorded_owner_held_goes_to_the_owner_now() {
        let p = properties(Some(&["ops=CTc/ops", "app=c/ops"]));
        let steps = sql(&p.steps("d", "restorer").unwrap()).join("; ");
        assert!(steps.contains("TO \"restorer\""), "{steps}");
        assert!(!steps.contains("\"ops\""), "{steps}");
        assert!(!steps.contains("SET LOCAL ROLE"), "{steps}");
    }

    #[test]
    fn a_grant_made_by_another_role_is_made_as_that_role() {
        let p = properties(Some(&["lead=c*/ops", "app=c/lead"]));
        let steps = p.steps("d", "ops").unwrap();
        assert_eq!(
            steps[1].sql,
            ["GRANT CONNECT ON DATABASE \"d\" TO \"lead\" WITH GRANT OPTION"]
        );
        assert_eq!(
            steps[2].sql,
            [
                "SET LOCAL ROLE \"lead\"",
                "GRANT CONNECT ON DATABASE \"d\" TO \"app\"",
                "RESET ROLE"
            ]
        );
    }

    #[test]
    fn quoted_role_names_are_read() {
        assert_eq!(
            AclItem::parse("\"my \"\"app\"\"=x\"=Tc*/\"Owner\"").unwrap(),
            AclItem {
                grantee: Some("my \"app\"=x".to_owned()),
                privileges: vec![("TEMPORARY", false), ("CONNECT", true)],
                grantor: "Owner".to_owned(),
            }
        );
    }

    #[test]
    fn unreadable_privileges_are_refused() {
        for bad in ["app=cX/ops", "app", "app=c/", "app=c/ops/x"] {
            assert!(properties(Some(&[bad])).steps("d", "ops").is_err(), "{bad}");
        }
    }

    #[test]
    fn settings_comment_and_limit_become_statements() {
        let mut p = properties(None);
        p.connection_limit = 20;
        p.comment = Some("it's \\ here".to_owned());
        p.settings = vec![
            Setting {
                role: None,
                name: "work_mem".to_owned(),
                value: "7MB".to_owned(),
            },
            Setting {
                role: Some("app".to_owned()),
                name: "search_path".to_owned(),
                value: "\"$user\", \"a, b\", public".to_owned(),
            },
        ];
        assert_eq!(
            sql(&p.steps("d", "ops").unwrap()),
            [
                "ALTER DATABASE \"d\" CONNECTION LIMIT 20",
                "ALTER DATABASE \"d\" SET \"work_mem\" TO '7MB'",
                "ALTER ROLE \"app\" IN DATABASE \"d\" SET \"search_path\" TO '$user', 'a, b', 'public'",
                "COMMENT ON DATABASE \"d\" IS E'it''s \\\\ here'",
            ]
        );
    }

    #[test]
    fn the_owner_is_changed_only_when_it_differs() {
        let p = properties(None);
        assert_eq!(p.owner_step("d", "ops"), None);
        assert_eq!(
            p.owner_step("d", "postgres").unwrap().sql,
            ["ALTER DATABASE \"d\" OWNER TO \"ops\""]
        );
    }
}
