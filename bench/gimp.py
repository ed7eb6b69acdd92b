# The whole path through GIMP, timed inside one headless GIMP 3 (run by
# tools/bench gimp through tools/gimp-run --python): for each radius, a
# fresh copy of the photo per run, the filter merged into its layer, the
# median of SBOKEH_BENCH_RUNS runs.  Loading and saving are not timed;
# what is timed is what the user waits for after pressing OK (for the
# plug-in: starting it, its design, and the passes, wherever they run).
#
# Environment: SBOKEH_BENCH_PHOTO (the image), SBOKEH_BENCH_RADII,
# SBOKEH_BENCH_RUNS, SBOKEH_BENCH_ROUTE (a label for the table: whether
# the plug-in runs the passes itself, see plugin/separable-bokeh.c).
import os
import time

photo = os.environ['SBOKEH_BENCH_PHOTO']
radii = [float(r) for r in os.environ.get('SBOKEH_BENCH_RADII', '50').split()]
runs = int(os.environ.get('SBOKEH_BENCH_RUNS', '3'))
route = os.environ.get('SBOKEH_BENCH_ROUTE', '')
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


def median_seconds(apply, radius):
    times = []
    for _ in range(runs):
        copy = image.duplicate()
        layer = copy.get_layers()[0]
        start = time.perf_counter()
        apply(layer, radius)
        times.append(time.perf_counter() - start)
        copy.delete()
    times.sort()
    return times[len(times) // 2]


print('| radius | gegl:lens-blur | ours dense | ours boxes | lens-blur ÷ ours (dense / boxes) | passes run |')
print('|---|---|---|---|---|---|')
for radius in radii:
    lens = median_seconds(lens_blur, radius)
    dense = median_seconds(plug_in('dense'), radius)
    boxes = median_seconds(plug_in('boxes'), radius)
    print('| %g | %.2f s | %.2f s | %.2f s | %.1f× / %.1f× | %s |'
          % (radius, lens, dense, boxes, lens / dense, lens / boxes, route),
          flush=True)
