#!/usr/bin/env bash
# Fails when the test suite left anything behind: a PostgreSQL database or
# role named mk_test_*, or a MariaDB/MySQL database or user named mk_test*.
# Prints one line per leftover, naming it. Run it after `cargo test
# --workspace`; .ci/run does.
# Servers: TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres)
# and TEST_MYSQL_URL (default mysql://root@127.0.0.1:3306/test), as the tests.
set -euo pipefail

postgres_url=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
mysql_url=${TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306/test}

postgres=$(psql "$postgres_url" -X -At -v ON_ERROR_STOP=1 -c "
  SELECT 'database ' || datname FROM pg_database WHERE datname LIKE 'mk\_test\_%'
  UNION ALL
  SELECT 'role ' || rolname FROM pg_roles WHERE rolname LIKE 'mk\_test\_%'
  ORDER BY 1")

# mysql://user[:password]@host[:port][/database]; the password may be
# percent-encoded and reaches the client through MYSQL_PWD, not its arguments.
re='^mysql://([^:@/]+)(:([^@/]*))?@([^:/?]+)(:([0-9]+))?'
if [[ ! $mysql_url =~ $re ]]; then
  echo "TEST_MYSQL_URL is not mysql://user[:password]@host[:port]/database" >&2
  exit 2
fi
mysql_user=${BASH_REMATCH[1]}
mysql_password=${BASH_REMATCH[3]}
mysql_host=${BASH_REMATCH[4]}
mysql_port=${BASH_REMATCH[6]:-3306}
mysql_client=$(command -v mariadb || command -v mysql || echo mariadb)
mysql=$(MYSQL_PWD=$(printf '%b' "${mysql_password//%/\\x}") "$mysql_client" \
  -h "$mysql_host" -P "$mysql_port" -u "$mysql_user" --batch --skip-column-names -e "
  SELECT CONCAT('database ', schema_name) FROM information_schema.schemata
    WHERE schema_name LIKE 'mk\_test%'
  UNION ALL
  SELECT CONCAT('user ', QUOTE(user), '@', QUOTE(host)) FROM mysql.user
    WHERE user LIKE 'mk\_test%'
  ORDER BY 1")

found=0
while IFS= read -r line; do
  [ -n "$line" ] || continue
  echo "left behind on PostgreSQL: $line"
  found=1
done <<<"$postgres"
while IFS= read -r line; do
  [ -n "$line" ] || continue
  echo "left behind on MariaDB: $line"
  found=1
done <<<"$mysql"

if [ "$found" -ne 0 ]; then
  exit 1
fi
echo "no test databases, roles or users left behind"
