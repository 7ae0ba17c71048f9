#!/bin/sh
# Refresh static/vendor/uswds/ from the @uswds/uswds package in node_modules (`make uswds`):
# compile Engage's build of its Sass, copy its two scripts, and only the fonts and images
# that the compiled CSS refers to (ManifestStaticFilesStorage fails on a missing url()).
set -eu
src=node_modules/@uswds/uswds
out=static/vendor/uswds
rm -rf "$out"
mkdir -p "$out/css" "$out/js"
node_modules/.bin/sass --no-source-map --style=compressed \
    --load-path="$src/packages" frontend/uswds-engage.scss "$out/css/uswds.min.css"
for script in uswds.min.js uswds-init.min.js; do
    # Without the source-map comment: the map is not vendored, and the manifest storage
    # would look for it.
    grep -v '^//# sourceMappingURL=' "$src/dist/js/$script" >"$out/js/$script"
done
grep -o 'url("\{0,1\}\.\./[^")]*' "$out/css/uswds.min.css" | sed 's/^url("\{0,1\}\.\.\///' | sort -u |
    while read -r file; do
        mkdir -p "$out/$(dirname "$file")"
        cp "$src/dist/$file" "$out/$file"
    done
# Images the templates use directly (the header's close and search buttons).
for file in img/usa-icons/close.svg img/usa-icons-bg/search--white.svg; do
    mkdir -p "$out/$(dirname "$file")"
    cp "$src/dist/$file" "$out/$file"
done
cp "$src/LICENSE.md" "$out/LICENSE.md"
node -p "require('./$src/package.json').version" >"$out/VERSION"
echo "static/vendor/uswds: USWDS $(cat "$out/VERSION"), $(du -sh "$out" | cut -f1)"
