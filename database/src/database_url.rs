//! The database URL, validated once for a supported scheme, that never
//! shows its password; the toolkit and the backup crate share this one type.

use std::fmt;

use url::Url;

use crate::Backend;

/// Why a database URL was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum UrlError {
    /// The text is not a URL at all.
    #[error(
        "malformed database URL `{shown}`: {reason}; expected something like postgres://user:password@host:5432/dbname"
    )]
    Malformed {
        /// The URL as it may be shown, password replaced by `***`.
        shown: String,
        /// What the parser objected to.
        reason: String,
    },
    /// The scheme names no backend we support.
    #[error(
        "unsupported database URL scheme `{scheme}` in `{shown}`; use postgres://, mysql:// (or mariadb://) or sqlite:"
    )]
    UnknownScheme {
        /// The scheme found.
        scheme: String,
        /// The URL as it may be shown, password replaced by `***`.
        shown: String,
    },
}

/// A database URL checked for a supported scheme. `Display` shows it with the
/// password replaced by `***`; only [`DatabaseUrl::expose`] gives the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    url: Url,
    backend: Backend,
}

impl DatabaseUrl {
    /// Parses and validates `text`, normalising `mariadb://` to the driver's `mysql://`.
    pub fn parse(text: &str) -> Result<Self, UrlError> {
        let mut url = Url::parse(text.trim()).map_err(|error| UrlError::Malformed {
            shown: redact_url_text(text),
            reason: error.to_string(),
        })?;
        let backend =
            Backend::from_scheme(url.scheme()).ok_or_else(|| UrlError::UnknownScheme {
                scheme: url.scheme().to_owned(),
                shown: redact_url_text(text),
            })?;
        if backend != Backend::Sqlite && url.host_str().is_none_or(str::is_empty) {
            return Err(UrlError::Malformed {
                shown: redact_url_text(text),
                reason: "it names no host".to_owned(),
            });
        }
        if url.scheme() != backend.driver_scheme() && backend == Backend::Mysql {
            // `Url::set_scheme` refuses nothing between two non-special schemes.
            let rest = &url.as_str()[url.scheme().len()..];
            url = Url::parse(&format!("{}{rest}", backend.driver_scheme())).map_err(|error| {
                UrlError::Malformed {
                    shown: redact_url_text(text),
                    reason: error.to_string(),
                }
            })?;
        }
        Ok(Self { url, backend })
    }

    /// Builds a PostgreSQL URL from parts, percent-encoding the user and password.
    pub fn postgres(
        host: &str,
        port: u16,
        user: &str,
        password: Option<&str>,
        database: &str,
    ) -> Result<Self, UrlError> {
        let mut url = Url::parse("postgres://localhost").map_err(|error| UrlError::Malformed {
            shown: "postgres://localhost".to_owned(),
            reason: error.to_string(),
        })?;
        let invalid = |what: &str| UrlError::Malformed {
            shown: format!("postgres://{user}:***@{host}:{port}/{database}"),
            reason: format!("invalid {what}"),
        };
        url.set_host(Some(host)).map_err(|_| invalid("host"))?;
        url.set_port(Some(port)).map_err(|()| invalid("port"))?;
        // `Url` leaves `%` alone in user info, so encode everything but the unreserved set first.
        url.set_username(&encode(user))
            .map_err(|()| invalid("user"))?;
        url.set_password(password.map(encode).as_deref())
            .map_err(|()| invalid("password"))?;
        url.set_path(&format!("/{}", encode(database)));
        Ok(Self {
            url,
            backend: Backend::Postgres,
        })
    }

    /// The backend the scheme selects.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The full URL, password included, for handing to the driver only.
    pub fn expose(&self) -> &str {
        self.url.as_str()
    }

    /// The parsed URL, password included, for components that connect themselves.
    pub fn to_url(&self) -> Url {
        self.url.clone()
    }

    /// The password in clear (percent-decoded), if the URL has one; used to scrub messages.
    pub fn password(&self) -> Option<String> {
        self.url.password().map(decode)
    }

    /// The database name: the path's last segment, or the file path for SQLite.
    pub fn database_name(&self) -> String {
        match self.backend {
            Backend::Sqlite => sqlite_path(&self.url),
            _ => decode(self.url.path().trim_start_matches('/')),
        }
    }

    /// The host name or address, if the URL names one.
    pub fn host(&self) -> Option<String> {
        self.url
            .host_str()
            .filter(|h| !h.is_empty())
            .map(str::to_owned)
    }

    /// The port, if the URL gives one.
    pub fn port(&self) -> Option<u16> {
        self.url.port()
    }

    /// The user name, percent-decoded (empty when the URL has none).
    pub fn user(&self) -> String {
        decode(self.url.username())
    }

    /// The same server and credentials with another database (a server
    /// database's name; SQLite URLs are not rewritten this way).
    pub fn with_database(&self, name: &str) -> Self {
        let mut url = self.url.clone();
        url.set_path(&format!("/{}", encode(name)));
        Self {
            url,
            backend: self.backend,
        }
    }

    /// A SQLite URL for the file `path`, opened with `mode` (`ro`, `rw`, `rwc`).
    pub fn sqlite_file(path: &std::path::Path, mode: &str) -> Result<Self, UrlError> {
        Self::parse(&format!("sqlite://{}?mode={mode}", path.display()))
    }

    /// Whether this is a SQLite database that vanishes with the connection:
    /// no file (`sqlite:`), or `:memory:` / `mode=memory`.
    pub fn is_temporary(&self) -> bool {
        self.backend == Backend::Sqlite
            && (matches!(sqlite_path(&self.url).as_str(), "" | ":memory:")
                || self.sqlite_mode().as_deref() == Some("memory"))
    }

    /// The SQLite open mode the URL asks for (`ro`, `rw`, `rwc`, `memory`), if any.
    pub fn sqlite_mode(&self) -> Option<String> {
        self.url
            .query_pairs()
            .find(|(key, _)| key == "mode")
            .map(|(_, value)| value.into_owned())
    }

    /// The URL, password included, with query parameter `key` set to
    /// `value` (e.g. SQLite's `mode`, PostgreSQL's `sslmode`), the others kept.
    pub fn with_parameter(&self, key: &str, value: &str) -> Url {
        let mut url = self.url.clone();
        let others: Vec<(String, String)> = self
            .url
            .query_pairs()
            .filter(|(name, _)| name != key)
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        url.query_pairs_mut()
            .clear()
            .extend_pairs(others)
            .append_pair(key, value);
        url
    }

    /// Removes `secret` (and its percent-encoded form) from `text`.
    pub fn scrub(&self, text: &str) -> String {
        let mut scrubbed = text.to_owned();
        if let Some(encoded) = self.url.password() {
            scrubbed = scrubbed.replace(encoded, "***");
        }
        if let Some(plain) = self.password().filter(|p| !p.is_empty()) {
            scrubbed = scrubbed.replace(&plain, "***");
        }
        scrubbed
    }
}

/// Percent-decodes `text`, replacing invalid UTF-8.
fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Percent-encodes all but RFC 3986's unreserved characters.
fn encode(text: &str) -> String {
    const RESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(text, RESERVED).to_string()
}

/// The file path a `sqlite:` URL points at (without its query string).
fn sqlite_path(url: &Url) -> String {
    let raw = url.as_str();
    let without_scheme = raw
        .strip_prefix("sqlite://")
        .or_else(|| raw.strip_prefix("sqlite:"))
        .unwrap_or(raw);
    without_scheme
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned()
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.url.password().is_some() {
            let mut shown = self.url.clone();
            // Setting a password cannot fail on a URL that already has one.
            let _ = shown.set_password(Some("***"));
            f.write_str(shown.as_str())
        } else {
            f.write_str(self.url.as_str())
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

/// Best-effort redaction of text that should be a URL but may not parse:
/// whatever follows the first `:` of the user-info part becomes `***`.
pub fn redact_url_text(text: &str) -> String {
    let Some(start) = text.find("://").map(|i| i + 3) else {
        return text.to_owned();
    };
    let rest = &text[start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let Some(at) = authority.rfind('@') else {
        return text.to_owned();
    };
    let user_info = &authority[..at];
    match user_info.find(':') {
        Some(colon) => format!(
            "{}{}:***{}",
            &text[..start],
            &user_info[..colon],
            &text[start + at..]
        ),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_is_replaced_and_the_others_kept() {
        let url = DatabaseUrl::parse("sqlite://data/ops.sqlite?mode=rwc&cache=shared").unwrap();
        assert_eq!(url.sqlite_mode().as_deref(), Some("rwc"));
        assert_eq!(
            url.with_parameter("mode", "ro").as_str(),
            "sqlite://data/ops.sqlite?cache=shared&mode=ro"
        );
    }

    #[test]
    fn display_replaces_password() {
        let url = DatabaseUrl::parse("postgres://app:s3cret@db:5432/ops").unwrap();
        assert_eq!(url.to_string(), "postgres://app:***@db:5432/ops");
    }

    #[test]
    fn mariadb_scheme_is_normalised_for_the_driver() {
        let url = DatabaseUrl::parse("mariadb://root@127.0.0.1:3306/test").unwrap();
        assert_eq!(url.expose(), "mysql://root@127.0.0.1:3306/test");
        assert_eq!(url.backend(), Backend::Mysql);
    }

    #[test]
    fn postgres_parts_are_percent_encoded() {
        let url = DatabaseUrl::postgres("db", 5432, "app", Some("p@ss:w/rd%"), "ops").unwrap();
        assert_eq!(
            url.expose(),
            "postgres://app:p%40ss%3Aw%2Frd%25@db:5432/ops"
        );
        assert_eq!(url.password().as_deref(), Some("p@ss:w/rd%"));
    }

    #[test]
    fn scrub_removes_plain_and_encoded_password() {
        let url = DatabaseUrl::postgres("db", 5432, "app", Some("p@ss"), "ops").unwrap();
        assert_eq!(url.scrub("a p@ss b p%40ss"), "a *** b ***");
    }

    #[test]
    fn unknown_scheme_is_refused_without_password() {
        let error = DatabaseUrl::parse("oracle://u:pw@h/db").unwrap_err();
        assert!(matches!(error, UrlError::UnknownScheme { .. }));
        assert!(!error.to_string().contains("pw"));
    }

    #[test]
    fn malformed_url_message_hides_password() {
        let error = DatabaseUrl::parse("postgres://u:pw@host:notaport/db").unwrap_err();
        assert!(matches!(error, UrlError::Malformed { .. }));
        assert!(!error.to_string().contains("pw"), "{error}");
    }

    #[test]
    fn redact_url_text_keeps_user_and_host() {
        assert_eq!(
            redact_url_text("mysql://root:x:y@h/db"),
            "mysql://root:***@h/db"
        );
        assert_eq!(redact_url_text("not a url"), "not a url");
    }

    #[test]
    fn sqlite_database_name_is_the_file_path() {
        let url = DatabaseUrl::parse("sqlite://data/ops.sqlite?mode=rwc").unwrap();
        assert_eq!(url.database_name(), "data/ops.sqlite");
    }
}
