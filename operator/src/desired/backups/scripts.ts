// The shell scripts the inCluster backup Jobs run inside the PostgreSQL image (sh, psql, pg_dump, pg_restore,
// sha256sum). They read everything from the environment (PG* connection variables, BACKUP_DIR, SNAPSHOT …),
// so the very same command line can be run against any PostgreSQL, which is how the end-to-end tests run them.
//
// A snapshot is three files in BACKUP_DIR:
//   <snapshot>.dump      pg_dump custom format
//   <snapshot>.manifest  one line per table of the public schema: "<table> <rows> <md5 over its rows>",
//                        computed inside the same database snapshot the dump was taken from
//   <snapshot>.sha256    checksum of the dump file, so a corrupted file is told apart from a bad restore
// Each script writes a one-line result to TERMINATION_LOG (the container's termination message), which the
// operator reads into status.

/**
 * One line per table: name, row count, and an md5 over the md5 of every row (sorted, so it does not depend
 * on physical order). Run on the source at dump time and on the restored copy; equal output means the
 * restored data is the data that was dumped, orders included.
 */
export const MANIFEST_SQL = `SELECT t.relname || ' ' || (xpath('/row/c/text()', x))[1]::text || ' ' || (xpath('/row/h/text()', x))[1]::text
FROM (SELECT c.oid::regclass AS rel, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r') t,
LATERAL query_to_xml(format('SELECT count(*) AS c, md5(coalesce(string_agg(md5(r::text), '''' ORDER BY md5(r::text)), '''')) AS h FROM %s r', t.rel), false, true, '') AS x
ORDER BY t.relname;`;

const PREAMBLE = `set -eu
umask 077
say() { printf '%s\\n' "$1"; printf '%s\\n' "$1" > "\${TERMINATION_LOG:-/dev/termination-log}" 2>/dev/null || true; }
fail() { say "$1"; exit 1; }
# A new pod's address reaches the NetworkPolicy controller a moment after the pod starts, and until then its
# connections are refused: wait up to 60 s for the database to answer before the first real connection.
wait_for_database() {
  i=0
  until pg_isready -q -t 2; do
    i=$((i + 1))
    [ "$i" -lt 30 ] || fail "the database at \${PGHOST:-?}:\${PGPORT:-5432} did not answer within 60 s"
    sleep 2
  done
}
# Off-site copies (OFFSITE_URL set, e.g. offsite:bucket/prefix): rclone with its remote "offsite" configured
# from RCLONE_CONFIG_OFFSITE_* variables. Retried like the database: a new pod's first packets may be refused.
offsite_copy() {
  i=0
  until rclone copyto --retries 1 --low-level-retries 3 "$1" "$2" 2>> "\${TMPDIR:-/tmp}/rclone.log"; do
    i=$((i + 1))
    [ "$i" -lt 15 ] || { tail -n 3 "\${TMPDIR:-/tmp}/rclone.log" >&2; return 1; }
    sleep 2
  done
}
`;

/**
 * pg_dump inside a REPEATABLE READ transaction whose snapshot it shares (pg_dump --snapshot), so the manifest
 * computed in that transaction describes exactly the dumped data. Files are written under temporary names and
 * renamed only once the dump is complete and readable; with OFFSITE_URL they are then copied to the bucket;
 * only then are the snapshots in PRUNE_SNAPSHOTS removed (here and in the bucket).
 */
export const SNAPSHOT_SCRIPT = `${PREAMBLE}wait_for_database
dir="$BACKUP_DIR"
mkdir -p "$dir"
export DUMP_FILE="$dir/$SNAPSHOT.dump.partial"
trap 'rm -f "$DUMP_FILE" "$DUMP_FILE.rc" "$dir/$SNAPSHOT.manifest.partial"' EXIT
psql -X -q -At -v ON_ERROR_STOP=1 > "$dir/$SNAPSHOT.manifest.partial" <<'SQL' || fail "snapshot $SNAPSHOT failed: psql could not read the database"
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
SELECT pg_export_snapshot() AS exported \\gset
\\setenv DUMP_SNAPSHOT :exported
\\! pg_dump --format=custom --no-owner --no-privileges --snapshot="$DUMP_SNAPSHOT" --file="$DUMP_FILE"; echo $? > "$DUMP_FILE.rc"
${MANIFEST_SQL}
COMMIT;
SQL
[ "$(cat "$DUMP_FILE.rc" 2>/dev/null)" = 0 ] || fail "snapshot $SNAPSHOT failed: pg_dump exited with $(cat "$DUMP_FILE.rc" 2>/dev/null || echo an error)"
pg_restore --list "$DUMP_FILE" > /dev/null || fail "snapshot $SNAPSHOT failed: the dump is not readable"
mv "$DUMP_FILE" "$dir/$SNAPSHOT.dump"
mv "$dir/$SNAPSHOT.manifest.partial" "$dir/$SNAPSHOT.manifest"
(cd "$dir" && sha256sum "$SNAPSHOT.dump" > "$SNAPSHOT.sha256")
if [ -n "\${OFFSITE_URL:-}" ]; then
  # The checksum goes last: its presence in the bucket marks a complete copy. A snapshot that could not be
  # sent off-site failed, and a failed snapshot holds no data here either.
  for ext in dump manifest sha256; do
    offsite_copy "$dir/$SNAPSHOT.$ext" "$OFFSITE_URL/$SNAPSHOT.$ext" || {
      rm -f "$dir/$SNAPSHOT.dump" "$dir/$SNAPSHOT.manifest" "$dir/$SNAPSHOT.sha256"
      fail "snapshot $SNAPSHOT failed: could not upload $SNAPSHOT.$ext to $OFFSITE_URL"
    }
  done
fi
for old in \${PRUNE_SNAPSHOTS:-}; do
  rm -f "$dir/$old.dump" "$dir/$old.manifest" "$dir/$old.sha256"
  if [ -n "\${OFFSITE_URL:-}" ]; then
    for ext in sha256 dump manifest; do rclone deletefile "$OFFSITE_URL/$old.$ext" 2>> "\${TMPDIR:-/tmp}/rclone.log" || true; done
  fi
done
orders=$(awk '$1 == "orders" { print $2 }' "$dir/$SNAPSHOT.manifest")
say "snapshot $SNAPSHOT: $(wc -c < "$dir/$SNAPSHOT.dump" | tr -d ' ') bytes, $(wc -l < "$dir/$SNAPSHOT.manifest" | tr -d ' ') tables, \${orders:-0} orders\${OFFSITE_URL:+, copied to $OFFSITE_URL}"
`;

/**
 * Restores a snapshot into the shop's (empty) database in one transaction: all of it or nothing. The checksum
 * is checked first so a damaged file is refused before anything is written. With RESTORE_FROM_OFFSITE=1 the
 * files are first fetched from the off-site bucket into BACKUP_DIR (then a scratch volume).
 */
export const RESTORE_SCRIPT = `${PREAMBLE}wait_for_database
cd "$BACKUP_DIR"
if [ "\${RESTORE_FROM_OFFSITE:-}" = 1 ]; then
  for ext in sha256 manifest dump; do
    # rclone copies nothing, successfully, from a key that does not exist: the file's presence is the test.
    offsite_copy "$OFFSITE_URL/$SNAPSHOT.$ext" "$BACKUP_DIR/$SNAPSHOT.$ext" && [ -f "$BACKUP_DIR/$SNAPSHOT.$ext" ] \\
      || fail "restore failed: snapshot $SNAPSHOT not found in $OFFSITE_URL"
  done
fi
[ -f "$SNAPSHOT.dump" ] || fail "restore failed: snapshot $SNAPSHOT not found"
sha256sum -c "$SNAPSHOT.sha256" > /dev/null 2>&1 || fail "restore failed: snapshot $SNAPSHOT is corrupted (checksum mismatch)"
pg_restore --exit-on-error --single-transaction --no-owner --no-privileges --dbname="$PGDATABASE" "$SNAPSHOT.dump" || fail "restore failed: pg_restore could not restore $SNAPSHOT"
orders=$(psql -X -q -At -v ON_ERROR_STOP=1 -c "SELECT count(*) FROM orders" 2>/dev/null || echo 0)
say "restored $SNAPSHOT: $orders orders"
`;

/**
 * The restore drill: restores the snapshot into a scratch database on the same server, compares the restored
 * data with the snapshot's manifest (row counts and checksums, orders included), and drops the scratch copy
 * whatever happened.
 */
export const DRILL_SCRIPT = `${PREAMBLE}wait_for_database
cd "$BACKUP_DIR"
scratch="$DRILL_DATABASE"
restored="$(mktemp)"
trap 'dropdb --if-exists "$scratch" > /dev/null 2>&1 || true; rm -f "$restored"' EXIT
[ -f "$SNAPSHOT.dump" ] || fail "drill failed: snapshot $SNAPSHOT not found"
sha256sum -c "$SNAPSHOT.sha256" > /dev/null 2>&1 || fail "drill failed: snapshot $SNAPSHOT is corrupted (checksum mismatch)"
dropdb --if-exists "$scratch"
createdb "$scratch"
pg_restore --exit-on-error --no-owner --no-privileges --dbname="$scratch" "$SNAPSHOT.dump" > /dev/null 2>&1 || fail "drill failed: pg_restore could not restore $SNAPSHOT"
PGDATABASE="$scratch" psql -X -q -At -v ON_ERROR_STOP=1 > "$restored" <<'SQL' || fail "drill failed: could not read the restored copy"
${MANIFEST_SQL}
SQL
cmp -s "$SNAPSHOT.manifest" "$restored" || fail "drill failed: restored data differs from snapshot $SNAPSHOT ($(diff "$SNAPSHOT.manifest" "$restored" | grep -c '^[<>]') lines differ)"
orders=$(awk '$1 == "orders" { print $2 " orders, checksum " $3 }' "$restored")
say "drill passed: $SNAPSHOT restored, $(wc -l < "$restored" | tr -d ' ') tables match\${orders:+, $orders}"
`;

/**
 * The check of an aws restore drill, run against the scratch RDS instance restored from the newest snapshot:
 * every table is readable, and the orders are counted and checksummed. (An RDS snapshot carries no manifest
 * of what was dumped, so unlike the inCluster drill this reports rather than compares.)
 */
export const AWS_DRILL_SCRIPT = `${PREAMBLE}wait_for_database
restored="$(mktemp)"
trap 'rm -f "$restored"' EXIT
psql -X -q -At -v ON_ERROR_STOP=1 > "$restored" <<'SQL' || fail "drill failed: the instance restored from $SNAPSHOT could not be read"
${MANIFEST_SQL}
SQL
grep -q '^orders ' "$restored" || fail "drill failed: the instance restored from $SNAPSHOT has no orders table"
orders=$(awk '$1 == "orders" { print $2 " orders, checksum " $3 }' "$restored")
say "drill passed: $SNAPSHOT restored into a scratch RDS instance, $(wc -l < "$restored" | tr -d ' ') tables readable, $orders"
`;
