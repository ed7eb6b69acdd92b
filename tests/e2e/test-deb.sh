#!/usr/bin/env bash
# The Debian package, as a user gets it: apt installs the .deb into a clean
# system with GIMP 3, GIMP (its normal profile, no test overrides) finds the
# plug-in with its menu label and runs it from Script-Fu, the gegl command
# and sbokeh work, the AppStream metadata validates; `apt purge` then
# leaves no file behind (the file lists before and after are compared).
#
# Usage (as root, in a system that may be changed: tools/deb test runs it
# in a throwaway copy of tools/gimp3-env's root):
#   tests/e2e/test-deb.sh DEB_DIR
set -u
dir=$(cd "$1" && pwd)
pkg=gimp-plugin-separable-bokeh
passed=0 failed=0
check () {  # check DESCRIPTION COMMAND...
  if "${@:2}"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi
}
[ "$(id -u)" = 0 ] || { echo "test-deb: needs root (tools/deb test)"; exit 2; }
debs=("$dir"/"$pkg"_*.deb)
[ -f "${debs[0]}" ] || { echo "test-deb: no $pkg .deb in $dir (tools/deb build)"; exit 2; }
if dpkg -s "$pkg" >/dev/null 2>&1; then echo "test-deb: $pkg is already installed here"; exit 2; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config
mkdir -p "$HOME"
unset GIMP3_DIRECTORY GEGL_PATH SBOKEH_BUILD_DIR
gimp_version=$(gimp-console-3 --version | grep -o '[0-9][0-9.]*$')
echo "GIMP $gimp_version, $(basename "${debs[0]}")"

# Every file apt and dpkg do not keep as their own records.
files () {
  find / -xdev \( -path /var/log -o -path /var/cache -o -path /var/lib/apt \
    -o -path /proc -o -path /tmp -o -path /dev -o -path /run \) -prune \
    -o -print | grep -v -E '^/var/lib/dpkg/(status|status-old|available|lock|triggers/)' | sort
}
files >"$tmp/before"

gimp_python () {  # the batch's output, its lines starting with OUT:
  gimp-console-3 -i -d -f --batch-interpreter=python-fu-eval -b "$1" --quit 2>&1 | grep '^OUT:'
}
exists='print("OUT:", Gimp.get_pdb().lookup_procedure("plug-in-separable-bokeh") is not None)'
check "before the install GIMP has no plug-in-separable-bokeh" test "$(gimp_python "$exists")" = "OUT: False"

# apt reads the file as its sandbox user, from a folder it may enter.
cp "${debs[@]}" "$tmp/"
chmod 755 "$tmp"
chmod 644 "$tmp"/*.deb
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$tmp/$(basename "${debs[0]}")" >"$tmp/apt-install.log" 2>&1
status=$?
check "apt installs the package" test $status = 0
[ $status = 0 ] || cat "$tmp/apt-install.log"
dpkg -L "$pkg" >"$tmp/listed"
grep -E 'separable-bokeh|sbokeh|SeparableBokeh' "$tmp/listed"
# The comparison sees what an install adds (else its silence after the
# purge would prove nothing).
files >"$tmp/installed"
added=$(comm -13 "$tmp/before" "$tmp/installed" | grep -c -v '^/var/lib/dpkg/info/')
check "the file list sees the installed files ($added new)" test "$added" -ge 10

plugin_dir=$(pkg-config --variable=gimplibdir gimp-3.0)/plug-ins/separable-bokeh
check "plug-in in GIMP's system folder ($plugin_dir)" test -x "$plugin_dir/separable-bokeh"
check "German catalog beside it" test -f "$plugin_dir/locale/de/LC_MESSAGES/separable-bokeh.mo"
check "GEGL operation in GEGL's module folder" test -f "$(pkg-config --variable=pluginsdir gegl-0.4)/separable-bokeh.so"
metainfo=/usr/share/metainfo/org.gimp.GIMP.Plugin.SeparableBokeh.metainfo.xml
check "AppStream metainfo installed" test -f "$metainfo"
if command -v appstreamcli >/dev/null; then
  check "appstreamcli validate the installed metainfo" appstreamcli validate --no-net --override=url-homepage-missing=info "$metainfo"
fi
check "sbokeh on PATH" test "$(command -v sbokeh)" = /usr/bin/sbokeh
if locale -a 2>/dev/null | grep -q -i -x 'de_DE\.utf-\?8'; then
  check "sbokeh speaks German" sh -c 'LANG=de_DE.UTF-8 LANGUAGE=de sbokeh --help 2>&1 | grep -q "Befehle:"'
  lang=de_DE.UTF-8 want="OUT: Separierbares _Bokeh..."
else
  echo "SKIP: the locale de_DE.UTF-8 is not generated here: the menu label is checked in English"
  lang=C.UTF-8 want="OUT: Separable _Bokeh..."
fi

label=$(LANG=$lang LANGUAGE=de gimp_python 'print("OUT:", Gimp.get_pdb().lookup_procedure("plug-in-separable-bokeh").get_menu_label())')
check "GIMP $gimp_version finds the plug-in ($label)" test "$label" = "$want"

# A white square on black, blurred by the plug-in through Script-Fu and
# saved: it spreads into a disk of radius 6 (the centre dims, a pixel 4
# away lights up, one 11 away stays black).  Then the editable way
# (#:merge-filter FALSE: GIMP runs the GEGL operation on the layer).
out=$(gimp-console-3 -i -d -f --batch-interpreter=plug-in-script-fu-eval -b "
(let* ((img (car (gimp-image-new 41 41 RGB)))
       (l (car (gimp-layer-new img \"l\" 41 41 RGB-IMAGE 100 LAYER-MODE-NORMAL))))
  (gimp-image-insert-layer img l 0 0)
  (gimp-drawable-fill l FILL-WHITE)
  (gimp-drawable-invert l FALSE)
  (gimp-image-select-rectangle img CHANNEL-OP-REPLACE 19 19 3 3)
  (gimp-drawable-invert l FALSE)
  (gimp-selection-none img)
  (plug-in-separable-bokeh #:image img #:drawables (vector l) #:radius 6 #:rank 4)
  (gimp-file-save RUN-NONINTERACTIVE img \"$tmp/blurred.png\" -1)
  (plug-in-separable-bokeh #:image img #:drawables (vector l) #:radius 3
                           #:merge-filter FALSE)
  (gimp-message (string-append \"OUT: filters \"
    (number->string (vector-length (car (gimp-drawable-get-filters l))))))
  (gimp-image-delete img))" --quit 2>&1)
status=$?
check "Script-Fu runs plug-in-separable-bokeh (exit $status)" test "$status" = 0
[ "$status" = 0 ] || echo "$out"
px () { convert "$tmp/blurred.png" -format "%[fx:round(255*p{$1,$2}.r)]" info: 2>/dev/null; }
centre=$(px 20 20) near=$(px 24 20) far=$(px 31 20)
echo "blurred square, red levels: centre $centre, 4 px away $near, 11 px away $far; $(grep -o 'OUT: filters [0-9]*' <<<"$out")"
check "the square spread into a disk (levels: centre $centre, 4 px away $near, 11 px away $far)" \
  test "${centre:-255}" -lt 200 -a "${near:-0}" -gt 0 -a "${far:-1}" = 0
check "an editable filter on the layer (GIMP found the GEGL operation)" \
  grep -q "OUT: filters 1" <<<"$out"

if command -v gegl >/dev/null; then
  gegl -o "$tmp/op.png" -- gegl:color value=white gegl:crop width=16 height=16 \
    sbokeh:separable-bokeh radius=4 >/dev/null 2>&1
  check "the gegl command finds sbokeh:separable-bokeh" test -s "$tmp/op.png"
fi
sbokeh kernel --radius 5 --rank 2 >"$tmp/kernel.json"
check "sbokeh kernel runs" grep -q '"rank"' "$tmp/kernel.json"

DEBIAN_FRONTEND=noninteractive apt-get purge -y "$pkg" >"$tmp/apt-purge.log" 2>&1
status=$?
check "apt purges the package" test $status = 0
[ $status = 0 ] || cat "$tmp/apt-purge.log"
files >"$tmp/after"
diff "$tmp/before" "$tmp/after" >"$tmp/diff"
check "no file left behind, none removed ($(wc -l <"$tmp/diff") lines of difference)" test ! -s "$tmp/diff"
cat "$tmp/diff"
check "GIMP no longer has the plug-in" test "$(gimp_python "$exists")" = "OUT: False"

echo "deb: $passed checks passed, $failed failed"
[ "$failed" = 0 ]
