#!/bin/sh
# Build Waymark's front-end assets from the exact versions pinned in package-lock.json.
#
# Compiles static/src/waymark.scss to static/css/waymark.css and copies the
# GOV.UK Frontend, Leaflet and Leaflet.markercluster files the site uses into
# static/vendor/<package>/, and axe-core (tests only) into tests/e2e/vendor/. The outputs are committed, so the site runs without
# npm; run this again only after changing package.json or the Sass.
set -eu

cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund

NM=node_modules
VENDOR=static/vendor

mkdir -p static/css
"$NM/.bin/sass" --pkg-importer=node --style=compressed --no-source-map \
  static/src/waymark.scss static/css/waymark.css

# Fail the build if the CSS would fetch anything from another host.
if grep -Eo 'url\([^)]*\)' static/css/waymark.css | grep -Eqv 'url\("?/static/'; then
  echo "waymark.css references a url() outside /static/" >&2
  exit 1
fi

rm -rf "$VENDOR"
mkdir -p "$VENDOR/govuk-frontend/assets" "$VENDOR/leaflet" "$VENDOR/leaflet.markercluster"

# GOV.UK Frontend: the JS and the images the CSS refers to. The GDS Transport
# fonts are deliberately not copied: Waymark is not a GOV.UK service.
GF="$NM/govuk-frontend/dist/govuk"
cp "$GF/govuk-frontend.min.js" "$GF/govuk-frontend.min.js.map" "$VENDOR/govuk-frontend/"
cp -R "$GF/assets/images" "$VENDOR/govuk-frontend/assets/images"

cp "$NM/leaflet/dist/leaflet.js" "$NM/leaflet/dist/leaflet.css" "$VENDOR/leaflet/"
cp -R "$NM/leaflet/dist/images" "$VENDOR/leaflet/images"
cp "$NM/leaflet/LICENSE" "$VENDOR/leaflet/LICENSE"

MC="$NM/leaflet.markercluster/dist"
cp "$MC/leaflet.markercluster.js" "$MC/MarkerCluster.css" "$MC/MarkerCluster.Default.css" \
  "$VENDOR/leaflet.markercluster/"
cp "$NM/leaflet.markercluster/MIT-LICENCE.txt" "$VENDOR/leaflet.markercluster/LICENCE.txt"

# axe-core is for the browser tests only: it goes beside them, never under static/ (not served).
AXE=tests/e2e/vendor/axe-core
mkdir -p "$AXE"
cp "$NM/axe-core/axe.min.js" "$NM/axe-core/LICENSE" "$AXE/"

node - "$VENDOR/VERSIONS.md" <<'JS'
const fs = require("fs");
const pkg = (name) => JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, "utf8"));
const rows = [
  ["govuk-frontend", "govuk-frontend/: govuk-frontend.min.js, assets/images/ (no fonts)"],
  ["leaflet", "leaflet/: leaflet.js, leaflet.css, images/"],
  ["leaflet.markercluster", "leaflet.markercluster/: leaflet.markercluster.js, MarkerCluster*.css"],
  ["sass", "not shipped: compiles static/src/waymark.scss to static/css/waymark.css"],
  ["axe-core", "not served: tests/e2e/vendor/axe-core/axe.min.js, for the browser tests"],
].map(([name, files]) => {
  const p = pkg(name);
  return `| ${name} | ${p.version} | ${p.license} | ${files} |`;
});
const text = [
  "# Vendored front-end packages",
  "",
  "Written by `scripts/build_assets.sh` from `package-lock.json`; do not edit by hand.",
  "",
  "| Package | Version | Licence | Files |",
  "|---------|---------|---------|-------|",
  ...rows,
  "",
  "The GOV.UK Frontend CSS is compiled with a system font stack (arial, sans-serif):",
  "the GDS Transport typeface is only for GOV.UK services and is not included.",
  "",
].join("\n");
fs.writeFileSync(process.argv[2], text);
JS

echo "Built static/css/waymark.css and $VENDOR/"
