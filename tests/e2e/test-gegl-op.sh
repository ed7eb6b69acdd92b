#!/usr/bin/env bash
# The GEGL operation sbokeh:separable-bokeh: the gegl command loads the
# module and its output equals `sbokeh apply` within one 8-bit level; GIMP 3
# applies it through its filter API (gimp-drawable-merge-new-filter, as a
# non-destructive filter would) with the same pixels; a hexagon with
# highlight boost too; a rank above the kernel size is the kernel size;
# refused settings warn in ASCII and pass the input through; a CMYK JPEG
# gives the CLI's pixels; SBOKEH_SIMD picks the CPU path or is refused.
#
# Usage: test-gegl-op.sh MODULE_DIR SBOKEH SAMPLE.png [GIMP_RUN]
set -u
module_dir=$1 sbokeh=$2 sample=$(cd "$(dirname "$3")" && pwd)/$(basename "$3") gimp_run=${4:-}
command -v gegl >/dev/null && command -v compare >/dev/null || { echo "gegl or ImageMagick missing: skipped"; exit 77; }
passed=0 failed=0
check () {
  if "${@:2}"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GEGL_PATH=$(cd "$module_dir" && pwd):$(pkg-config --variable=pluginsdir gegl-0.4)

# Largest difference in 8-bit levels.
levels () {
  local pae
  pae=$(compare -metric PAE -depth 8 "$1" "$2" null: 2>&1 | sed 's/ .*//')
  echo $(( ${pae%.*} > 255 ? (${pae%.*} + 128) / 257 : ${pae%.*} ))
}

for args in "radius=12 rank=3|--radius 12 --rank 3" \
            "radius=10 rank=5 shape=polygon blades=6 rotation=20 highlight-boost=6|--radius 10 --rank 5 --shape polygon --blades 6 --rotation 20 --highlight-boost 6" \
            "radius=40 rank=4 engine=boxes|--radius 40 --rank 4 --engine boxes" \
            "radius=1 rank=4|--radius 1 --rank 3"; do
  op=${args%%|*} cli=${args#*|}
  gegl "$sample" -o "$tmp/gegl.png" -- sbokeh:separable-bokeh $op >"$tmp/gegl.log" 2>&1
  check "gegl ran ($op)" test -s "$tmp/gegl.png"
  "$sbokeh" apply "$sample" "$tmp/cli.png" $cli
  d=$(levels "$tmp/gegl.png" "$tmp/cli.png")
  echo "gegl $op: $d levels from sbokeh apply"
  check "gegl vs sbokeh apply ($op): $d levels" test "$d" -le 1
  check "same size" test "$(identify -format %wx%h "$tmp/gegl.png")" = "$(identify -format %wx%h "$tmp/cli.png")"

  if [ -n "$gimp_run" ]; then
    props=$(echo "$op" | sed -E 's/([a-z-]+)=([^ ]+)/"\1" \2/g; s/"shape" polygon/"shape" "polygon"/; s/"engine" boxes/"engine" "boxes"/; s/"(radius|rotation|highlight-boost)" ([0-9]+)( |$)/"\1" \2.0\3/g')
    "$gimp_run" "(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"$sample\")))
                        (l (vector-ref (car (gimp-image-get-layers img)) 0)))
                   (gimp-drawable-merge-new-filter l \"sbokeh:separable-bokeh\" 0
                                                   LAYER-MODE-REPLACE 1.0 $props)
                   (gimp-file-save RUN-NONINTERACTIVE img \"$tmp/gimp.png\" -1))" \
      >"$tmp/gimp.log" 2>&1
    check "GIMP applied the operation ($props)" test -s "$tmp/gimp.png"
    d=$(levels "$tmp/gimp.png" "$tmp/cli.png")
    echo "GIMP filter $op: $d levels from sbokeh apply"
    check "GIMP filter vs sbokeh apply ($op): $d levels" test "$d" -le 1
    rm -f "$tmp/gimp.png"
  fi
done

gegl "$sample" -o "$tmp/same.png" >/dev/null 2>&1

# A rank above the kernel size is the kernel size (the properties' ranges
# are independent; docs/settings.md): rank 16 at radius 1.5 blurs as
# sbokeh's rank 5 (the 5 × 5 kernel), not as nothing.
gegl "$sample" -o "$tmp/fitted.png" -- sbokeh:separable-bokeh radius=1.5 rank=16 \
  >"$tmp/fitted.log" 2>&1
"$sbokeh" apply "$sample" "$tmp/cli.png" --radius 1.5 --rank 5
d=$(levels "$tmp/fitted.png" "$tmp/cli.png") moved=$(levels "$tmp/fitted.png" "$tmp/same.png")
echo "radius 1.5, rank 16: $d levels from sbokeh's rank 5, $moved from the input"
check "radius 1.5, rank 16 = rank 5 ($d levels)" test "$d" -le 1
check "radius 1.5, rank 16 blurs ($moved levels from the input)" test "$moved" -gt 1
check "radius 1.5, rank 16: no warning" test -z "$(grep sbokeh: "$tmp/fitted.log")"

# Settings the core refuses (all three weights 0): one warning naming the
# properties, readable in the C locale (GLib writes '?' for what the
# console's character set lacks), and the output is the input (GIMP merges
# whatever comes out).
LC_ALL=C gegl "$sample" -o "$tmp/refused.png" -- sbokeh:separable-bokeh radius=5 \
  l2-weight=0 non-negativity-weight=0 keep-zeros-weight=0 >"$tmp/refused.log" 2>&1
warning=$(grep "sbokeh:separable-bokeh: " "$tmp/refused.log")
echo "refused settings, C locale: $warning"
check "refused settings: the warning names the weights" \
  grep -q "sbokeh:separable-bokeh: At least one of l2-weight, non-negativity-weight and keep-zeros-weight must be above 0\. The input passes through unchanged\." "$tmp/refused.log"
check "refused settings: the warning is plain ASCII, no '?'" \
  test -n "$warning" -a -z "$(printf '%s' "$warning" | LC_ALL=C grep -e '?' -e '[^ -~]')"
d=$(levels "$tmp/refused.png" "$tmp/same.png")
echo "refused settings: output $d levels from the input"
check "refused settings: output = input ($d levels)" test "$d" -eq 0

# A CMYK JPEG (made here by ImageMagick, colours saturated so that inks
# run high): sbokeh apply gives the operation's pixels.  The CLI keeps
# the passes' RGB for the output (an 8-bit CMYK round trip was 7 levels
# off).
convert "$sample" -modulate 100,200 -colorspace CMYK "$tmp/cmyk.jpg"
check "CMYK JPEG made" test "$(identify -format %[colorspace] "$tmp/cmyk.jpg")" = CMYK
gegl "$tmp/cmyk.jpg" -o "$tmp/cmyk-gegl.png" -- sbokeh:separable-bokeh radius=12 rank=3 \
  >/dev/null 2>&1
"$sbokeh" apply "$tmp/cmyk.jpg" "$tmp/cmyk-cli.png" --radius 12 --rank 3
d=$(levels "$tmp/cmyk-gegl.png" "$tmp/cmyk-cli.png")
echo "CMYK JPEG: gegl vs sbokeh apply $d levels"
check "CMYK JPEG: gegl vs sbokeh apply ($d levels)" test "$d" -le 1

# SBOKEH_SIMD reaches the operation (the core reads it): the scalar path
# gives the same image within a level; an unknown path is refused like
# any setting, with the message naming the variable.
SBOKEH_SIMD=scalar gegl "$sample" -o "$tmp/scalar.png" -- \
  sbokeh:separable-bokeh radius=12 rank=3 >/dev/null 2>&1
"$sbokeh" apply "$sample" "$tmp/cli.png" --radius 12 --rank 3
d=$(levels "$tmp/scalar.png" "$tmp/cli.png")
echo "SBOKEH_SIMD=scalar: $d levels from sbokeh apply"
check "SBOKEH_SIMD=scalar: $d levels" test "$d" -le 1
SBOKEH_SIMD=bogus gegl "$sample" -o "$tmp/bogus.png" -- \
  sbokeh:separable-bokeh radius=12 rank=3 >"$tmp/bogus.log" 2>&1
check "SBOKEH_SIMD=bogus: the message" grep -q "SBOKEH_SIMD" "$tmp/bogus.log"
d=$(levels "$tmp/bogus.png" "$tmp/same.png")
check "SBOKEH_SIMD=bogus: output = input ($d levels)" test "$d" -eq 0

# An endless input (a generator) is filtered chunk by chunk.
gegl -o "$tmp/endless.png" -- gegl:checkerboard x=8 y=8 \
  sbokeh:separable-bokeh radius=6 rank=2 gegl:crop width=64 height=48 \
  >"$tmp/endless.log" 2>&1
check "endless input: 64x48 written" \
  test "$(identify -format %wx%h "$tmp/endless.png" 2>/dev/null)" = 64x48
# A blurred checkerboard of 8-pixel squares: no pure black or white left.
check "endless input: blurred" \
  test "$(convert "$tmp/endless.png" -alpha off -format '%[fx:maxima>0.99||minima<0.01]' info:)" = 0

echo "gegl-op: $passed checks passed, $failed failed"
[ "$failed" = 0 ]
