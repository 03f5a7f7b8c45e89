#!/usr/bin/env bash
# Installs the Debian packages that building and running rfinv need (the demo); with --tests,
# also those its tests need.
# Idempotent: packages already present are skipped, so it is cheap to run before each build.
set -euo pipefail

packages=(
  cmake ninja-build g++ clang libclang-rt-14-dev pkg-config
  libboost1.81-dev libboost-test1.81-dev libboost-json1.81-dev
  libusb-1.0-0-dev libsqlite3-dev libssl-dev libcli11-dev libfmt-dev
  # The web app's CSS, served under /vendor/.
  libjs-bootstrap5
)
tests=false
[ "${1:-}" = "--tests" ] && tests=true
if $tests; then
  packages+=(
    clang-format sqlite3 openssl umockdev libumockdev-dev tshark python3
    # The web app's browser tests: headless Chromium, its WebDriver, a font with Chinese
    # glyphs for the zh-CN screenshots, node for the driver.
    chromium chromium-driver fonts-wqy-microhei nodejs
    # The hub's PostgreSQL store (RFINV_WITH_POSTGRESQL is on wherever the tests are built),
    # and the server its suites start: initdb and postgres from /usr/lib/postgresql/*/bin
    # (tests/support/postgres_server.h).
    libpq-dev postgresql
  )
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  # tshark asks whether non-root users may capture; answer it up front so apt never waits.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

$tests || exit 0

# npm ships with some builds of nodejs and is a package of its own in Debian's.
if ! command -v npm >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends npm
fi

# The browser tests' pinned npm packages (axe-core), exactly as the lockfile says.
browser_tests="$(dirname "$0")/../tests/web/browser"
# node_modules/.rfinv-lock is the lockfile the last `npm ci` installed; a changed lockfile reinstalls.
if ! cmp -s "$browser_tests/package-lock.json" "$browser_tests/node_modules/.rfinv-lock" 2>/dev/null; then
  (cd "$browser_tests" && npm ci --no-audit --no-fund && cp package-lock.json node_modules/.rfinv-lock)
fi
