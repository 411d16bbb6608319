#!/usr/bin/env bash
# Installs and starts what the tests need on a fresh Debian machine of this kind, when missing:
# Debian's Chromium (browser tests), a CJK font (screenshots), LibreOffice + poppler (Word/PDF checks),
# curl and jq (the README's API examples run as a test),
# and a running PostgreSQL 15 with a test database. Idempotent. Prints the PostgreSQL URL on stdout.
set -uo pipefail
export DEBIAN_FRONTEND=noninteractive
log() { echo "system-deps: $*" >&2; }
SUDO=""
[ "$(id -u)" = "0" ] || SUDO="sudo -n"

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'WenQuanYi\|Noto Sans CJK' || need+=(fonts-wqy-microhei)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v jq >/dev/null 2>&1 || need+=(jq)
if [ ${#need[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  log "installing ${need[*]}"
  $SUDO apt-get update -qq >&2 || log "apt-get update failed"
  $SUDO apt-get install -y -qq "${need[@]}" >&2 || log "apt-get install failed; tests that need these will say why they skip"
fi

if command -v pg_ctlcluster >/dev/null 2>&1; then
  ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n 1)
  ver=${ver:-15}
  pg_isready -q 2>/dev/null || { log "starting PostgreSQL $ver"; $SUDO pg_ctlcluster "$ver" main start >&2 2>&1 || true; }
  for _ in $(seq 1 30); do pg_isready -q 2>/dev/null && break; sleep 1; done
  if pg_isready -q 2>/dev/null; then
    as_pg() { if [ "$(id -u)" = "0" ]; then su postgres -c "$1"; else $SUDO -u postgres sh -c "$1"; fi; }
    as_pg "psql -qtAc \"select 1 from pg_roles where rolname='xinfang'\"" 2>/dev/null | grep -q 1 \
      || as_pg "psql -qc \"create role xinfang login password 'xinfang' superuser\"" >&2 2>&1
    as_pg "psql -qtAc \"select 1 from pg_database where datname='xinfang_test'\"" 2>/dev/null | grep -q 1 \
      || as_pg "createdb -O xinfang xinfang_test" >&2 2>&1
    echo "postgres://xinfang:xinfang@127.0.0.1:5432/xinfang_test"
  else
    log "PostgreSQL did not start; the PostgreSQL half of the store suite will not run"
  fi
fi
exit 0
