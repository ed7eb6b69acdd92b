/* Separable Bokeh as a GEGL operation: "sbokeh:separable-bokeh".
 *
 * The same core as the plug-in, as an area filter, so that GIMP 3 can use
 * it as a non-destructive filter with on-canvas preview, and the gegl
 * command can run it:  gegl in.jpg -o out.png -- sbokeh:separable-bokeh
 * radius=30.  Properties carry the plug-in's names, ranges and defaults
 * (core/params.h; the plug-in's rank cap).  The halo is the kernel's half
 * size; the designed filters are kept for the last few property sets
 * (for the whole process), so only a change of shape or weights
 * re-optimises.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#ifdef GEGL_PROPERTIES

enum_start (sbokeh_op_shape)
  enum_value (SBOKEH_OP_SHAPE_DISK,    "disk",    N_("Disk"))
  enum_value (SBOKEH_OP_SHAPE_POLYGON, "polygon", N_("Polygon"))
enum_end (SbokehOpShape)

enum_start (sbokeh_op_engine)
  enum_value (SBOKEH_OP_ENGINE_DENSE, "dense", N_("Dense (exact filters)"))
  enum_value (SBOKEH_OP_ENGINE_BOXES, "boxes", N_("Boxes (fast at any radius)"))
  enum_value (SBOKEH_OP_ENGINE_AUTO,  "auto",  N_("Auto (the faster for the radius)"))
enum_end (SbokehOpEngine)

property_double (radius, _("Radius"), 25.0)
  description (_("Radius of the aperture disk, in pixels"))
  value_range (0.5, 500.0)
  ui_range    (0.5, 200.0)
  ui_meta     ("unit", "pixel-distance")

property_int (rank, _("Passes (rank)"), 4)
  description (_("Number of separable passes: more is closer to a true disk, and slower"))
  value_range (1, 16)

property_enum (shape, _("Aperture shape"), SbokehOpShape, sbokeh_op_shape,
               SBOKEH_OP_SHAPE_DISK)
  description (_("Shape of the aperture: a disk, or a polygon of straight or curved blades"))

property_int (blades, _("Blades"), 6)
  description (_("Number of blades of a polygon aperture"))
  value_range (3, 12)
  ui_meta     ("visible", "shape {polygon}")

property_double (rotation, _("Rotation"), 0.0)
  description (_("Rotation of a polygon aperture, in degrees"))
  value_range (-360.0, 360.0)
  ui_meta     ("unit", "degree")
  ui_meta     ("visible", "shape {polygon}")

property_double (curvature, _("Curvature"), 0.0)
  description (_("Curvature of the blades: 0 is straight, 1 is a circle"))
  value_range (0.0, 1.0)
  ui_meta     ("visible", "shape {polygon}")

property_double (highlight_boost, _("Highlight boost"), 0.0)
  description (_("Makes bright points bloom into crisp aperture shapes, as real lights do; 0 is none"))
  value_range (0.0, 15.0)

property_double (l2_weight, _("Shape weight"), 1.0)
  description (_("Weight of the squared error between the applied kernel and the disk"))
  value_range (0.0, 1000.0)
  ui_range    (0.0, 5.0)

property_double (non_negativity_weight, _("No-ringing weight"), 1.5)
  description (_("Weight against negative kernel values, which draw dark rings around highlights"))
  value_range (0.0, 1000.0)
  ui_range    (0.0, 5.0)

property_double (keep_zeros_weight, _("No-haze weight"), 0.3)
  description (_("Weight against kernel values outside the disk, which spread a faint haze"))
  value_range (0.0, 1000.0)
  ui_range    (0.0, 5.0)

property_int (max_evaluations, _("Optimizer budget"), 400)
  description (_("Maximum loss evaluations of the optimizer; 0 uses the plain SVD passes"))
  value_range (0, 10000)
  ui_range    (0, 2000)

property_enum (engine, _("Method"), SbokehOpEngine, sbokeh_op_engine,
               SBOKEH_OP_ENGINE_AUTO)
  description (_("Dense filters take time in proportion to the radius; sums of boxes take the same time at any radius, a little less exact"))

#else

#define GEGL_OP_AREA_FILTER
#define GEGL_OP_NAME     separable_bokeh
#define GEGL_OP_C_SOURCE separable-bokeh.c

#include "gegl-op.h"
#include "sbokeh.h"

/* The property labels are translated when GEGL registers the class: bind
 * the catalog (installed beside the plug-in) as soon as the module loads.  */
static void sbokeh_op_bind_textdomain (void) __attribute__ ((constructor));

static void
sbokeh_op_bind_textdomain (void)
{
  bindtextdomain (GETTEXT_PACKAGE, SBOKEH_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}

/* The designs of the last few property sets, for the whole process: GIMP
 * makes a new operation for every filter it applies (every run of the
 * plug-in, every photo of a batch), and a design can cost more than the
 * passes (boxes, radius 200: 0.4 s against 0.3 s).  Four: a few filters
 * with different settings on the layers of one image.  Only the filters
 * are kept (a few KiB), with a count of the applies using them: the lock
 * is not held while applying, because reading the input may render other
 * layers' filters, ours among them, on GEGL's threads.  */
#define DESIGNS_KEPT 4

typedef struct
{
  SbokehParams  params;
  SbokehFilters filters;
  int           users;     /* applies running with these filters       */
  gboolean      dropped;   /* out of the list: freed by its last user  */
} Kept;

static GMutex  designs_lock;
static Kept   *designs[DESIGNS_KEPT];   /* most recent first */

static void
kept_free (Kept *k)
{
  sbokeh_filters_clear (&k->filters);
  g_free (k);
}

/* The filters for P, made or found, with one more user: give them back
 * with kept_release ().  */
static SbokehStatus
kept_take (const SbokehParams  *p,
           Kept               **kept)
{
  Kept        *found = NULL;
  SbokehStatus status = SBOKEH_OK;
  int          i;

  g_mutex_lock (&designs_lock);
  for (i = 0; i < DESIGNS_KEPT && designs[i]; i++)
    if (sbokeh_params_same_design (&designs[i]->params, p))
      {
        found = designs[i];
        break;
      }
  if (! found)
    {
      SbokehDesign design;

      /* Designing under the lock: it never calls GEGL.  */
      status = sbokeh_design_run (p, &design);
      if (status == SBOKEH_OK)
        {
          found = g_new0 (Kept, 1);
          found->params = *p;
          status = sbokeh_filters_copy (&design.filters, &found->filters);
          sbokeh_design_clear (&design);
        }
      if (status != SBOKEH_OK)
        {
          g_free (found);
          g_mutex_unlock (&designs_lock);
          return status;
        }
      i = DESIGNS_KEPT - 1;
      if (designs[i])
        {
          designs[i]->dropped = TRUE;
          if (designs[i]->users == 0)
            kept_free (designs[i]);
        }
    }
  /* Move to the front: entries 0 … i − 1 shift by one.  */
  memmove (designs + 1, designs, i * sizeof (designs[0]));
  designs[0] = found;
  found->users++;
  g_mutex_unlock (&designs_lock);
  *kept = found;
  return SBOKEH_OK;
}

static void
kept_release (Kept *k)
{
  g_mutex_lock (&designs_lock);
  if (--k->users == 0 && k->dropped)
    kept_free (k);
  g_mutex_unlock (&designs_lock);
}

static void
params_from_properties (GeglProperties *o,
                        SbokehParams   *p)
{
  sbokeh_params_init_default (p);
  p->radius             = o->radius;
  p->rank               = o->rank;
  p->l2_weight          = o->l2_weight;
  p->nonneg_weight      = o->non_negativity_weight;
  p->zeros_weight       = o->keep_zeros_weight;
  p->max_evaluations    = o->max_evaluations;
  p->aperture.shape     = o->shape == SBOKEH_OP_SHAPE_POLYGON
                          ? SBOKEH_SHAPE_POLYGON : SBOKEH_SHAPE_DISK;
  p->aperture.blades    = o->blades;
  p->aperture.rotation  = o->rotation;
  p->aperture.curvature = o->curvature;
  p->highlight_boost    = o->highlight_boost;
  p->engine             = o->engine == SBOKEH_OP_ENGINE_BOXES
                          ? SBOKEH_ENGINE_BOXES
                          : o->engine == SBOKEH_OP_ENGINE_DENSE
                          ? SBOKEH_ENGINE_DENSE : SBOKEH_ENGINE_AUTO;
}

/* The working format: linear float in the source's space, with
 * premultiplied alpha only when the source has alpha and gray kept gray,
 * so that no pass runs on a channel that is not there (an opaque photo
 * costs three channels, not four).  */
static const char *
work_model (GeglOperation *operation)
{
  const Babl *source = gegl_operation_get_source_format (operation, "input");
  gboolean    alpha = ! source || babl_format_has_alpha (source);
  int         flags = source ? babl_get_model_flags (
                                 babl_format_get_model (source)) : 0;

  /* As core/apply.c picks it, so that it converts nothing more.  */
  if (flags & BABL_MODEL_FLAG_GRAY)
    return alpha ? "YaA float" : "Y float";
  return (flags & BABL_MODEL_FLAG_RGB) && ! alpha ? "RGB float"
                                                   : "RaGaBaA float";
}

static void
prepare (GeglOperation *operation)
{
  GeglOperationAreaFilter *area = GEGL_OPERATION_AREA_FILTER (operation);
  GeglProperties          *o = GEGL_PROPERTIES (operation);
  const Babl              *space;
  const Babl              *format;
  int                      halo;

  space  = gegl_operation_get_source_space (operation, "input");
  format = babl_format_with_space (work_model (operation), space);
  halo   = sbokeh_params_kernel_size (o->radius) / 2;
  area->left = area->right = area->top = area->bottom = halo;
  gegl_operation_set_format (operation, "input", format);
  gegl_operation_set_format (operation, "output", format);
}

/* The blur keeps the layer's size (edges repeat the border pixel), as
 * GIMP's filters do, instead of growing by the halo.  */
static GeglRectangle
get_bounding_box (GeglOperation *operation)
{
  const GeglRectangle *in = gegl_operation_source_get_bounding_box (operation,
                                                                    "input");

  return in ? *in : *GEGL_RECTANGLE (0, 0, 0, 0);
}

/* Every output pixel of a chunk needs its halo, up to 500 pixels on each
 * side: computing the image chunk by chunk (as GIMP asks for it) would
 * read and filter those halos over and over.  The core streams the whole
 * image in bands on all threads instead, once, and GEGL caches it.  */
static GeglRectangle
get_cached_region (GeglOperation       *operation,
                   const GeglRectangle *roi)
{
  GeglRectangle all = get_bounding_box (operation);

  /* An endless input (a generator): chunk by chunk after all.  */
  return gegl_rectangle_is_infinite_plane (&all) ? *roi : all;
}

static gboolean
process (GeglOperation       *operation,
         GeglBuffer          *input,
         GeglBuffer          *output,
         const GeglRectangle *result,
         gint                 level)
{
  GeglProperties *o = GEGL_PROPERTIES (operation);
  Kept           *kept;
  SbokehParams    p;
  SbokehStatus    status;
  gint64          start = g_get_monotonic_time ();

  params_from_properties (o, &p);
  status = kept_take (&p, &kept);
  if (status == SBOKEH_OK)
    {
      status = sbokeh_apply_buffer (&kept->filters, p.highlight_boost, input,
                                    output, result, NULL, NULL, NULL);
      kept_release (kept);
    }
  /* On failure the output is the input, so that GIMP, which merges
   * whatever comes out, leaves the layer as it was.  */
  if (status != SBOKEH_OK)
    gegl_buffer_copy (input, result, GEGL_ABYSS_NONE, output, result);
  if (g_getenv ("SBOKEH_APPLY_TIMING"))
    g_printerr ("sbokeh:separable-bokeh: %dx%d in %.3f s (%s)\n",
                result->width, result->height,
                (g_get_monotonic_time () - start) * 1e-6,
                babl_get_name (gegl_buffer_get_format (input)));

  if (status != SBOKEH_OK)
    g_warning ("sbokeh:separable-bokeh: %s",
               sbokeh_status_message (status));
  return status == SBOKEH_OK;
}

static void
gegl_op_class_init (GeglOpClass *klass)
{
  GeglOperationClass       *operation_class = GEGL_OPERATION_CLASS (klass);
  GeglOperationFilterClass *filter_class    = GEGL_OPERATION_FILTER_CLASS (klass);

  operation_class->prepare = prepare;
  operation_class->get_bounding_box = get_bounding_box;
  operation_class->get_cached_region = get_cached_region;
  /* The core spreads its own work over GEGL's threads.  */
  operation_class->threaded = FALSE;
  filter_class->process    = process;

  gegl_operation_class_set_keys (operation_class,
    "name",        "sbokeh:separable-bokeh",
    "title",       _("Separable Bokeh"),
    "categories",  "blur",
    "reference-hash", "",
    "description", _("Lens blur with a disk-shaped aperture, fast"),
    NULL);
}

#endif
