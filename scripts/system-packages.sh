#!/usr/bin/env bash
# Debian's libraries Hearth's Python packages load at run time, installed when missing.
#
#   scripts/system-packages.sh          install what is missing (as root, or with sudo)
#   scripts/system-packages.sh --check  only say what is missing (exit 1 if anything is)
#
# WeasyPrint (the pilot report as PDF, insights/pilots/pdf.py) draws text with Pango and
# subsets fonts with HarfBuzz, and needs a font: libpango-1.0-0, libpangoft2-1.0-0,
# libharfbuzz-subset0 and fonts-dejavu-core. `.ci/run` and
# deploy/Dockerfile call this script, so the list lives here only.
set -euo pipefail

PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)

say() { printf 'system-packages: %s\n' "$*" >&2; }

missing=()
for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if [ "${1:-}" = "--check" ]; then
    say "missing: ${missing[*]}"
    exit 1
fi
command -v apt-get >/dev/null || { say "missing ${missing[*]} and there is no apt-get: install them with your system's package manager"; exit 1; }
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
say "installing Debian's ${missing[*]} (apt-get)"
$SUDO apt-get update -q >/dev/null
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
