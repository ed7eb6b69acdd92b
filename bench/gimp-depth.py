# Depth of field through GIMP, timed inside one headless GIMP 3 (run by
# tools/bench gimp-depth through tools/gimp-run --python), issue 20's
# bars: on the 12-megapixel photo with a depth map of three depths (the
# background at 0, a disk, the subject, at 0.5, a bar in front at 1),
# radius 100, rank 4, each method:
#   uniform  our plug-in without a map at radius 100 (the baseline);
#   subject  our plug-in with the map, focus on the subject (0.5): the
#            background and the bar blur by 50 px;
#   back     focus on the background (0): the subject by 50, the bar 100;
#   lens     gegl:lens-blur, radius 100, with the blur map of each case as
#            its aux input (each pixel's radius over 100), the way GIMP's
#            own tools do depth of field.
# All applied in turn, run after run, on a fresh copy of the image each
# (the copy and its map not timed), so that the host's drift falls on all
# alike; per run the ratio to that run's uniform blur, and the median of
# the ratios.  The depth cases merge the filter (GIMP keeps no filter with
# an aux input editable).
#
# Environment: SBOKEH_BENCH_PHOTO, SBOKEH_BENCH_RUNS, SBOKEH_BENCH_ENGINES
# (dense boxes), SBOKEH_BENCH_RADIUS (100).
import os
import time

photo = os.environ['SBOKEH_BENCH_PHOTO']
runs = int(os.environ.get('SBOKEH_BENCH_RUNS', '3'))
engines = os.environ.get('SBOKEH_BENCH_ENGINES', 'dense boxes').split()
radius = float(os.environ.get('SBOKEH_BENCH_RADIUS', '100'))
rank = 4

image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(photo))
pdb = Gimp.get_pdb()
width, height = image.get_width(), image.get_height()

# The scene's shapes, as fractions of the image: the subject a disk in the
# middle, the bar a vertical stripe over its right side.
SUBJECT = (0.5, 0.5, 0.25)            # centre x, y, radius over the height
BAR = (0.58, 0.66)                    # left, right over the width


def gray(value):
    """The gray whose stored 8-bit value is round (255 value): what the
    core reads from a map (its stored values, not linear light)."""
    level = int(round(255 * value))
    return Gegl.Color.new('#%02x%02x%02x' % (level, level, level))


def add_map(img, levels, name):
    """A layer of img with the three depths' levels (background, subject,
    bar), in 0 … 1, hidden."""
    layer = Gimp.Layer.new(img, name, width, height, Gimp.ImageType.RGB_IMAGE,
                           100.0, Gimp.LayerMode.NORMAL)
    img.insert_layer(layer, None, -1)
    layer.set_visible(False)
    # Exactly three depths, as the in-process probe (tools/bench depth).
    Gimp.context_set_antialias(False)
    Gimp.context_set_foreground(gray(levels[0]))
    layer.edit_fill(Gimp.FillType.FOREGROUND)
    cx, cy, r = SUBJECT[0] * width, SUBJECT[1] * height, SUBJECT[2] * height
    img.select_ellipse(Gimp.ChannelOps.REPLACE, cx - r, cy - r, 2 * r, 2 * r)
    Gimp.context_set_foreground(gray(levels[1]))
    layer.edit_fill(Gimp.FillType.FOREGROUND)
    img.select_rectangle(Gimp.ChannelOps.REPLACE, BAR[0] * width, 0,
                         (BAR[1] - BAR[0]) * width, height)
    Gimp.context_set_foreground(gray(levels[2]))
    layer.edit_fill(Gimp.FillType.FOREGROUND)
    Gimp.Selection.none(img)
    return layer


DEPTHS = (0.0, 0.5, 1.0)


def blur_levels(focus):
    return tuple(abs(d - focus) for d in DEPTHS)


def ours(engine, focus=None):
    def run(layer, img):
        proc = pdb.lookup_procedure('plug-in-separable-bokeh')
        c = proc.create_config()
        c.set_property('image', img)
        c.set_core_object_array('drawables', [layer])
        c.set_property('radius', radius)
        c.set_property('rank', rank)
        c.set_property('engine', engine)
        if focus is not None:
            c.set_property('depth-map', add_map(img, DEPTHS, 'depth'))
            c.set_property('focus-depth', focus)
        return c, proc
    return run


def lens(focus):
    def run(layer, img):
        blur_map = add_map(img, blur_levels(focus), 'blur map')
        f = Gimp.DrawableFilter.new(layer, 'gegl:lens-blur', '')
        f.get_config().set_property('radius', radius)
        f.set_aux_input('aux', blur_map)
        return f, None
    return run


def seconds(prepare):
    copy = image.duplicate()
    layer = copy.get_layers()[0]
    what, proc = prepare(layer, copy)   # the map made before the clock
    start = time.perf_counter()
    if proc:
        status = proc.run(what).index(0)
        if status != Gimp.PDBStatusType.SUCCESS:
            raise RuntimeError('plug-in failed: %s' % status)
    else:
        layer.merge_filter(what)
    elapsed = time.perf_counter() - start
    copy.delete()
    return elapsed


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


print('| engine | uniform R %g | focus on the subject | focus on the background '
      '| lens-blur + aux, subject | lens-blur + aux, background |' % radius)
print('|---|---|---|---|---|---|')
for engine in engines:
    methods = [ours(engine), ours(engine, 0.5), ours(engine, 0.0), lens(0.5),
               lens(0.0)]
    times = [[] for _ in methods]
    for _ in range(runs):
        for m, prepare in enumerate(methods):
            times[m].append(seconds(prepare))
    cells = ['%.2f s' % median(times[0])]
    for m in range(1, len(methods)):
        ratios = [t / u for t, u in zip(times[m], times[0])]
        cells.append('%.2f s (%.2f×)' % (median(times[m]), median(ratios)))
    print('| %s | %s |' % (engine, ' | '.join(cells)), flush=True)
