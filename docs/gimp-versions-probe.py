# What GIMP 3.0 and 3.2 offer this plug-in, asked of the running GIMP
# (docs/gimp-versions.md).  Run in each root:
#   tools/gimp-run --python "$(cat docs/gimp-versions-probe.py)"
#   SBOKEH_GIMP=3.2 SBOKEH_BUILD_DIR=_build-3.2 tools/gimp-run --python "$(cat docs/gimp-versions-probe.py)"
# Prints lines starting with "PROBE".
from gi.repository import Gegl


def say(*args):
    print("PROBE", *args, flush=True)


def grey(value):
    c = Gegl.Color.new("black")
    c.set_rgba(value, value, value, 1.0)
    return c


def new_image(n=2):
    img = Gimp.Image.new(16, 16, Gimp.ImageBaseType.RGB)
    layers = []
    for i in range(n):
        l = Gimp.Layer.new(img, "l%d" % i, 16, 16, Gimp.ImageType.RGB_IMAGE,
                           100, Gimp.LayerMode.NORMAL)
        img.insert_layer(l, None, 0)
        layers.append(l)
    return img, layers


def red(drawable, x=8, y=8):
    return round(drawable.get_pixel(x, y).get_rgba()[0], 3)


say("GIMP", Gimp.version())
pdb = Gimp.get_pdb()

# 1. A filter with an auxiliary input: gegl:variable-blur, whose "aux"
#    pad is the blur-radius map (what a depth-map bokeh would use), on a
#    white 4 x 4 square on black, with a white map (blur everywhere).
#    Editable (append) and merged at once.
def square_and_map():
    img, (a, b) = new_image()
    Gimp.context_set_foreground(grey(1.0))
    b.fill(Gimp.FillType.FOREGROUND)                 # the map: white
    a.fill(Gimp.FillType.BACKGROUND)                 # black
    img.select_rectangle(Gimp.ChannelOps.REPLACE, 6, 6, 4, 4)
    a.edit_fill(Gimp.FillType.FOREGROUND)
    Gimp.Selection.none(img)
    return img, a, b


def aux_filter(a, b):
    f = Gimp.DrawableFilter.new(a, "gegl:variable-blur", "variable blur")
    f.get_config().set_property("radius", 6.0)
    f.set_aux_input("aux", b)
    return f


Gimp.context_set_background(grey(0.0))
img, a, b = square_and_map()
try:
    a.append_filter(aux_filter(a, b))
    say("aux: editable filter on the layer:", len(a.get_filters()) == 1)
except Exception as e:
    say("aux: editable filter refused (%s)" % str(e).splitlines()[0])
img.delete()
img, a, b = square_and_map()
try:
    before = red(a)
    a.merge_filter(aux_filter(a, b))
    say("aux: merged filter: centre red %s -> %s (changed: %s)" % (before, red(a), red(a) != before))
except Exception as e:
    say("aux: merged filter refused (%s)" % str(e).splitlines()[0])
img.delete()

# 1b. Is it the pad or the connection?  An operation with an aux pad left
#     unconnected (gegl:variable-blur without its map), and ours: the
#     depth of field (an aux pad) without and with a map, the uniform blur
#     (no pad).
for op, with_map in (("gegl:variable-blur", False),
                     ("sbokeh:separable-bokeh-depth", False),
                     ("sbokeh:separable-bokeh-depth", True),
                     ("sbokeh:separable-bokeh", False)):
    img, a, b = square_and_map()
    try:
        f = Gimp.DrawableFilter.new(a, op, op)
        if with_map:
            f.set_aux_input("aux", b)
        a.append_filter(f)
        say("%s%s: editable:" % (op, " with its aux" if with_map else ""),
            len(a.get_filters()) == 1)
    except Exception as e:
        say("%s: refused (%s)" % (op, str(e).splitlines()[0]))
    img.delete()

# 2. Filters on a layer mask and on a channel.
img, (a,) = new_image(1)
mask = a.create_mask(Gimp.AddMaskType.WHITE)
a.add_mask(mask)
for name, d in (("layer mask", mask),
                ("channel", Gimp.Channel.new(img, "c", 16, 16, 50, grey(0)))):
    if name == "channel":
        img.insert_channel(d, None, 0)
    try:
        f = Gimp.DrawableFilter.new(d, "gegl:gaussian-blur", "blur")
        ok = f is not None
        if ok:
            d.append_filter(f)
            ok = len(d.get_filters()) == 1
        say("filter on a %s:" % name, ok)
    except Exception as e:
        say("filter on a %s: refused (%s)" % (name, str(e).splitlines()[0]))
img.delete()

# 3. Asking GIMP for our GEGL operation without making a filter (3.2).
get_available = getattr(Gimp.DrawableFilter, "operation_get_available", None)
if get_available:
    say("operation_get_available has sbokeh:separable-bokeh",
        "sbokeh:separable-bokeh" in get_available())
else:
    say("operation_get_available: not in this GIMP")


# 4. The plug-in on a vector layer (3.2).
def run_bokeh(img, d, merge=True):
    proc = pdb.lookup_procedure("plug-in-separable-bokeh")
    cfg = proc.create_config()
    cfg.set_property("image", img)
    cfg.set_core_object_array("drawables", [d])
    cfg.set_property("radius", 3.0)
    cfg.set_property("merge-filter", merge)
    res = proc.run(cfg)
    return res.index(0).value_nick


# (No text layers: tools/gimp-run starts GIMP without fonts, -f.)
img, (a,) = new_image(1)
if hasattr(Gimp, "VectorLayer"):
    path = Gimp.Path.new(img, "p")
    img.insert_path(path, None, 0)
    stroke = path.bezier_stroke_new_moveto(2, 2)
    path.bezier_stroke_lineto(stroke, 14, 2)
    path.bezier_stroke_lineto(stroke, 14, 14)
    path.stroke_close(stroke)
    v = Gimp.VectorLayer.new(img, path)
    img.insert_layer(v, None, 0)
    say("vector layer: plug-in", run_bokeh(img, v),
        "; still a vector layer:", v.is_vector_layer(),
        "; rasterized:", v.is_rasterized())
    v2 = Gimp.VectorLayer.new(img, path)
    img.insert_layer(v2, None, 0)
    say("vector layer, editable: plug-in", run_bokeh(img, v2, False),
        "; filters:", len(v2.get_filters()), "; rasterized:", v2.is_rasterized())
else:
    say("vector layers: not in this GIMP")
img.delete()
