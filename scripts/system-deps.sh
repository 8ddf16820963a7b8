#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, only when they are missing: Chromium (browser
# tests), XML::Parser (tilse's ROUGE script) and PostgreSQL (the store's tests start their own server).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
perl -MXML::Parser -e1 >/dev/null 2>&1 || need+=(libxml-parser-perl)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${need[*]} — run: sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
  echo "installing Debian packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
