# The whole path through GIMP, timed inside one headless GIMP 3 (run by
# tools/bench gimp through tools/gimp-run --python): for each radius, a
# fresh copy of the photo per run, the filter merged into its layer,
# lens-blur and our three methods applied in turn, the median of
# SBOKEH_BENCH_RUNS runs of each.  Loading and saving are not timed;
# what is timed is what the user waits for after pressing OK (for the
# plug-in: starting it, its design, and the passes, wherever they run).
#
# Environment: SBOKEH_BENCH_PHOTO (the image), SBOKEH_BENCH_RADII,
# SBOKEH_BENCH_RUNS, SBOKEH_BENCH_ROUTE (a label for the table: whether
# the plug-in runs the passes itself, see plugin/separable-bokeh.c),
# SBOKEH_BENCH_FLAT_ROUNDS (rounds of the box engine's radius 25 against
# radius 200 comparison; 0: none).
import os
import time

photo = os.environ['SBOKEH_BENCH_PHOTO']
radii = [float(r) for r in os.environ.get('SBOKEH_BENCH_RADII', '50').split()]
runs = int(os.environ.get('SBOKEH_BENCH_RUNS', '3'))
route = os.environ.get('SBOKEH_BENCH_ROUTE', '')
flat_rounds = int(os.environ.get('SBOKEH_BENCH_FLAT_ROUNDS', '0'))
rank = 4

image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(photo))
pdb = Gimp.get_pdb()


def lens_blur(layer, radius):
    f = Gimp.DrawableFilter.new(layer, 'gegl:lens-blur', '')
    f.get_config().set_property('radius', radius)
    layer.merge_filter(f)


def plug_in(engine):
    def run(layer, radius):
        proc = pdb.lookup_procedure('plug-in-separable-bokeh')
        c = proc.create_config()
        c.set_property('image', layer.get_image())
        c.set_core_object_array('drawables', [layer])
        c.set_property('radius', radius)
        c.set_property('rank', rank)
        c.set_property('engine', engine)
        status = proc.run(c).index(0)
        if status != Gimp.PDBStatusType.SUCCESS:
            raise RuntimeError('plug-in failed: %s' % status)
    return run


def seconds(apply, radius):
    copy = image.duplicate()
    layer = copy.get_layers()[0]
    start = time.perf_counter()
    apply(layer, radius)
    elapsed = time.perf_counter() - start
    copy.delete()
    return elapsed


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


print('| radius | gegl:lens-blur | ours dense | ours boxes | ours auto | lens-blur ÷ ours (dense / boxes / auto) | auto ÷ the faster | passes run |')
print('|---|---|---|---|---|---|---|---|')
for radius in radii:
    # The four applied in turn, run after run, so that the host's drift
    # falls on all of them alike (auto against the faster method is a
    # comparison of a few percent).
    methods = [lens_blur, plug_in('dense'), plug_in('boxes'), plug_in('auto')]
    times = [[] for _ in methods]
    for _ in range(runs):
        for m, apply in enumerate(methods):
            times[m].append(seconds(apply, radius))
    lens, dense, boxes, auto = [median(t) for t in times]
    print('| %g | %.2f s | %.2f s | %.2f s | %.2f s | %.1f× / %.1f× / %.1f× | %.2f | %s |'
          % (radius, lens, dense, boxes, auto, lens / dense, lens / boxes,
             lens / auto, auto / min(dense, boxes), route), flush=True)

# Radius 200 against radius 25 with the box engine, applied in turn, so
# that the host's drift from one minute to the next falls on both.
if flat_rounds > 0:
    boxes = plug_in('boxes')
    # Each application includes the design when the plug-in runs the passes
    # itself; our GEGL operation keeps the last designs for the process, so
    # in GIMP only the first application of a radius designs (and the
    # table above has already made both).
    small, large, ratios = [], [], []
    for _ in range(flat_rounds):
        small.append(seconds(boxes, 25))
        large.append(seconds(boxes, 200))
        ratios.append(large[-1] / small[-1])
    print()
    print('Box engine, radius 200 against radius 25 applied in turn, %d rounds '
          '(%s): radius 25 median %.3f s (fastest %.3f), radius 200 median '
          '%.3f s (fastest %.3f); ratio: median of rounds %.2f, fastest %.2f'
          % (flat_rounds, route, median(small), min(small), median(large),
             min(large), median(ratios), min(large) / min(small)), flush=True)
