#!/usr/bin/env bash
# The GEGL operation sbokeh:separable-bokeh: the gegl command loads the
# module and its output equals `sbokeh apply` within one 8-bit level; GIMP 3
# applies it through its filter API (gimp-drawable-merge-new-filter, as a
# non-destructive filter would) with the same pixels; a hexagon with
# highlight boost too; a rank above the kernel size is the kernel size;
# refused settings warn in ASCII and pass the input through; a CMYK JPEG
# gives the CLI's pixels; SBOKEH_SIMD picks the CPU path or is refused.
# sbokeh:separable-bokeh-depth: without its aux input, the uniform
# operation's output bit for bit; with a depth map of one depth as aux, the
# uniform blur at radius R |d - f| bit for bit; with maps of two depths
# and a ramp, the pixels of `sbokeh apply --depth-map` within one level;
# refused settings warn and pass the input through.  A custom aperture,
# the property aperture (a file path): the pixels of `sbokeh apply
# --aperture` with both operations and as GIMP's editable filter; a
# missing picture warns and passes the input through.
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

# The depth of field, sbokeh:separable-bokeh-depth: the same properties,
# the depth map as its aux input (gegl's chain syntax aux=[ ... ]).  The
# outputs as NumPy arrays of floats (gegl:npy-save), compared byte for
# byte where the pixels must be the same.
size=$(identify -format %wx%h "$sample")
width=${size%x*}
gegl "$sample" -o "$tmp/u12.npy" -- sbokeh:separable-bokeh radius=12 rank=3 \
  >/dev/null 2>&1
gegl "$sample" -o "$tmp/d12.npy" -- sbokeh:separable-bokeh-depth radius=12 rank=3 \
  >/dev/null 2>&1
check "depth operation, no aux: written" test -s "$tmp/d12.npy"
check "depth operation, no aux: the uniform operation bit for bit" \
  cmp -s "$tmp/u12.npy" "$tmp/d12.npy"
# One depth (white, d = 1) with the focus at 0.5: every pixel blurs by
# 20 * 0.5 = 10 px, the uniform blur at radius 10 (the core takes that
# route, bit for bit).
convert -size "$size" xc:white -depth 8 -colorspace Gray "$tmp/white.png"
gegl "$sample" -o "$tmp/u10.npy" -- sbokeh:separable-bokeh radius=10 \
  >/dev/null 2>&1
gegl "$sample" -o "$tmp/const.npy" -- sbokeh:separable-bokeh-depth radius=20 \
  focus-depth=0.5 aux=[ gegl:load path="$tmp/white.png" ] >"$tmp/const.log" 2>&1
check "depth operation, one depth: written" test -s "$tmp/const.npy"
check "depth operation, one depth: the uniform blur at radius 10 bit for bit" \
  cmp -s "$tmp/u10.npy" "$tmp/const.npy"
check "depth operation, one depth: no warning" \
  test -z "$(grep sbokeh: "$tmp/const.log")"
# Two depths (the left half white, near and in focus; the right half
# black, 20 px), and a ramp across the image (black to white, focus 0.4,
# range 0.1, inverted): the CLI's --depth-map gives the same pixels.
convert -size "$size" xc:black -fill white \
  -draw "rectangle 0,0 $((width / 2 - 1)),$((${size#*x} - 1))" \
  -depth 8 -colorspace Gray "$tmp/two.png"
convert -size "${size#*x}x$width" gradient:white-black -rotate 90 \
  -depth 8 -colorspace Gray "$tmp/ramp.png"
if "$sbokeh" apply --help 2>&1 | grep -q -- --depth-map; then
  for args in "two.png|radius=20 focus-depth=1|--radius 20 --focus-depth 1" \
              "ramp.png|radius=16 focus-depth=0.4 focus-range=0.1 invert-depth=true engine=boxes|--radius 16 --focus-depth 0.4 --focus-range 0.1 --invert-depth --engine boxes"; do
    map=${args%%|*} rest=${args#*|} op=${rest%%|*} cli=${rest#*|}
    gegl "$sample" -o "$tmp/depth-gegl.png" -- sbokeh:separable-bokeh-depth $op \
      aux=[ gegl:load path="$tmp/$map" ] >"$tmp/depth.log" 2>&1
    check "depth operation ($map $op): written" test -s "$tmp/depth-gegl.png"
    "$sbokeh" apply "$sample" "$tmp/depth-cli.png" $cli --depth-map "$tmp/$map"
    d=$(levels "$tmp/depth-gegl.png" "$tmp/depth-cli.png")
    moved=$(levels "$tmp/depth-gegl.png" "$tmp/same.png")
    echo "gegl depth $map $op: $d levels from sbokeh apply --depth-map ($moved from the input)"
    check "depth operation vs sbokeh apply --depth-map ($map $op): $d levels" \
      test "$d" -le 1
    check "depth operation ($map): blurs ($moved levels)" test "$moved" -gt 1
    check "depth operation ($map): no warning" \
      test -z "$(grep sbokeh: "$tmp/depth.log")"
  done
else
  echo "sbokeh apply has no --depth-map yet: the comparison with the CLI skipped"
fi
# Settings the core refuses, with a map: the same warning, named after
# this operation, and the input passes through.
LC_ALL=C gegl "$sample" -o "$tmp/depth-refused.png" -- \
  sbokeh:separable-bokeh-depth radius=5 l2-weight=0 non-negativity-weight=0 \
  keep-zeros-weight=0 aux=[ gegl:load path="$tmp/two.png" ] \
  >"$tmp/depth-refused.log" 2>&1
check "depth operation, refused settings: the warning" \
  grep -q "sbokeh:separable-bokeh-depth: At least one of l2-weight, non-negativity-weight and keep-zeros-weight must be above 0\. The input passes through unchanged\." "$tmp/depth-refused.log"
d=$(levels "$tmp/depth-refused.png" "$tmp/same.png")
check "depth operation, refused settings: output = input ($d levels)" \
  test "$d" -eq 0

# A custom aperture: the file path property aperture (both operations),
# the pixels of `sbokeh apply --aperture` on the same picture within one
# level; GIMP keeps sbokeh:separable-bokeh with it as an editable filter
# (no aux pad) with the same pixels; without a readable picture a warning
# naming the property, and the input passes through.
convert -size 200x200 xc:black -fill white \
  -draw "polygon 100,5 124,72 195,72 138,115 159,185 100,142 41,185 62,115 5,72 76,72" \
  -depth 8 -colorspace Gray "$tmp/star.png"
"$sbokeh" apply "$sample" "$tmp/star-cli.png" --radius 12 --rank 8 \
  --highlight-boost 4 --aperture "$tmp/star.png"
for op in sbokeh:separable-bokeh sbokeh:separable-bokeh-depth; do
  gegl "$sample" -o "$tmp/star-gegl.png" -- $op radius=12 rank=8 \
    highlight-boost=4 shape=custom aperture="$tmp/star.png" >"$tmp/star.log" 2>&1
  d=$(levels "$tmp/star-gegl.png" "$tmp/star-cli.png")
  moved=$(levels "$tmp/star-gegl.png" "$tmp/same.png")
  echo "$op shape=custom aperture=star.png: $d levels from sbokeh apply --aperture ($moved from the input)"
  check "$op custom aperture vs sbokeh apply --aperture: $d levels" test "$d" -le 1
  check "$op custom aperture: blurs ($moved levels)" test "$moved" -gt 1
  check "$op custom aperture: no warning" test -z "$(grep sbokeh: "$tmp/star.log")"
done
LC_ALL=C gegl "$sample" -o "$tmp/star-none.png" -- sbokeh:separable-bokeh \
  radius=12 shape=custom aperture="$tmp/missing.png" >"$tmp/star-none.log" 2>&1
check "custom aperture, missing file: the warning names the property" \
  grep -q "sbokeh:separable-bokeh: Shape custom needs the property aperture" "$tmp/star-none.log"
d=$(levels "$tmp/star-none.png" "$tmp/same.png")
check "custom aperture, missing file: output = input ($d levels)" test "$d" -eq 0
if [ -n "$gimp_run" ]; then
  "$gimp_run" "(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"$sample\")))
                      (l (vector-ref (car (gimp-image-get-layers img)) 0)))
                 (gimp-drawable-append-new-filter l \"sbokeh:separable-bokeh\" 0
                   LAYER-MODE-REPLACE 1.0 \"radius\" 12.0 \"rank\" 8
                   \"highlight-boost\" 4.0 \"shape\" \"custom\" \"aperture\" \"$tmp/star.png\")
                 (gimp-message (string-append \"star filters: \"
                   (number->string (vector-length (car (gimp-drawable-get-filters l))))))
                 (gimp-file-save RUN-NONINTERACTIVE img \"$tmp/star-gimp.png\" -1))" \
    >"$tmp/star-gimp.log" 2>&1
  check "GIMP: the custom aperture stays an editable filter" grep -q "star filters: 1" "$tmp/star-gimp.log"
  d=$(levels "$tmp/star-gimp.png" "$tmp/star-cli.png")
  echo "GIMP editable filter shape=custom aperture=star.png: $d levels from sbokeh apply --aperture"
  check "GIMP editable custom aperture vs sbokeh apply --aperture: $d levels" test "$d" -le 1
fi

echo "gegl-op: $passed checks passed, $failed failed"
[ "$failed" = 0 ]
