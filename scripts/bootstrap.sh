#!/usr/bin/env bash
# Installs what is missing for landreg: Debian packages, a virtual environment in .venv/ made from a Python
# that can load SQLite extensions (SpatiaLite needs it; pyenv builds often cannot), and the project itself.
# Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES="gdal-bin libsqlite3-mod-spatialite gettext python3-venv fonts-dejavu-core chromium"
# PostGIS when asked, or when the database the tests or the server will use is a PostGIS one.
case "${DATABASE_URL:-}" in postgis://*|postgres://*|postgresql://*) WITH_POSTGIS=1 ;; esac
[ "${WITH_POSTGIS:-0}" = "1" ] && DEBIAN_PACKAGES="$DEBIAN_PACKAGES postgresql-15-postgis-3"
command -v npm >/dev/null 2>&1 || DEBIAN_PACKAGES="$DEBIAN_PACKAGES npm"  # front-end packages (map tiles)

missing=""
for pkg in $DEBIAN_PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  echo "==> Installing Debian packages:$missing"
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

can_load_extensions() {
  "$1" - <<'PY' 2>/dev/null
import sqlite3, sys
sys.exit(0 if sys.version_info[:2] == (3, 11) and hasattr(sqlite3.Connection, "enable_load_extension") else 1)
PY
}

if [ ! -x .venv/bin/python ] || ! can_load_extensions .venv/bin/python; then
  chosen=""
  for candidate in ${LANDREG_PYTHON:-} /usr/bin/python3.11 /usr/bin/python3 python3.11 python3; do
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if can_load_extensions "$path"; then chosen="$path"; break; fi
    echo "    $path cannot load SQLite extensions (or is not Python 3.11): skipped"
  done
  [ -n "$chosen" ] || { echo "No Python 3.11 able to load SQLite extensions found (apt-get install python3-venv)." >&2; exit 1; }
  echo "==> Creating .venv from $chosen (it can load SQLite extensions, which SpatiaLite needs)"
  rm -rf .venv
  "$chosen" -m venv .venv
fi

stamp=.venv/.landreg-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> Installing landreg and its dependencies into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  touch "$stamp"
fi

mkdir -p var

# Compiled translations are build output (not committed): rebuild them when a .po file changed.
shopt -s nullglob
for po in locale/*/LC_MESSAGES/*.po landreg/*/locale/*/LC_MESSAGES/*.po; do
  mo="${po%.po}.mo"
  if [ ! -f "$mo" ] || [ "$po" -nt "$mo" ]; then msgfmt --check -o "$mo" "$po"; fi
done

# Front-end libraries come from npm at set-up time, never copied into the repository (served from
# var/npm/node_modules as static "vendor/"): Leaflet.VectorGrid draws the parcels' vector tiles on the map;
# leaflet-geoman (free edition, MIT) draws and edits a claim's boundary with snapping to the parcels around;
# Chart.js (MIT) draws the charts of the statistics page.
VECTORGRID=var/npm/node_modules/leaflet.vectorgrid/dist/Leaflet.VectorGrid.bundled.min.js
GEOMAN=var/npm/node_modules/@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.min.js
CHARTJS=var/npm/node_modules/chart.js/dist/chart.umd.min.js
if [ ! -f "$VECTORGRID" ] || [ ! -f "$GEOMAN" ] || [ ! -f "$CHARTJS" ]; then
  echo "==> Installing Leaflet.VectorGrid, leaflet-geoman and Chart.js from npm"
  mkdir -p var/npm
  npm install --silent --no-audit --no-fund --prefix var/npm \
    leaflet.vectorgrid@1.3.0 @geoman-io/leaflet-geoman-free@2.20.2 chart.js@4.5.1 >/dev/null
fi
