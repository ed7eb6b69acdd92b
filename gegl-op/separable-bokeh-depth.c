/* Separable Bokeh's depth of field as a GEGL operation:
 * "sbokeh:separable-bokeh-depth".
 *
 * The blur of sbokeh:separable-bokeh with an aux input carrying a depth
 * map (core/depth.h): each pixel blurs by radius · max (0, |D − f| − w),
 * D the map's value (white near), f focus-depth, w focus-range,
 * invert-depth for maps where white is far.  The gegl command:
 *
 *   gegl photo.png -o out.png -- sbokeh:separable-bokeh-depth radius=30 \
 *     focus-depth=0.8 aux=[ gegl:load path=depth.png ]
 *
 * The same properties as sbokeh:separable-bokeh (op-properties.h).
 * Without the aux input connected it is that operation, pixel for pixel.
 * The map is read as "Y' float" in its own space (a gray image's stored
 * values; an RGB map's luma); pixel (x, y) of the map is pixel (x, y) of
 * the input, and beyond the map's extent its edges repeat.
 *
 * A composer of its own, not an aux pad on sbokeh:separable-bokeh: GIMP
 * 3.0 and 3.2 refuse to keep any operation with an aux pad as an editable
 * filter, connected or not (op-common.h), so the uniform blur keeps its
 * editable filter and this one is merged.
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "op-common.h"

#ifdef GEGL_PROPERTIES

#define OP_ENUM_TYPE(Type) SbokehOpDepth##Type
#include "op-properties.h"

#else

#define GEGL_OP_BUNDLE
#define GEGL_OP_COMPOSER
#define GEGL_OP_NAME     separable_bokeh_depth
#define GEGL_OP_C_SOURCE separable-bokeh-depth.c

#include "gegl-op.h"

static void
params_from_properties (GeglProperties *o,
                        SbokehParams   *p)
{
  SBOKEH_OP_PARAMS_FROM_PROPERTIES;
}

static void
prepare (GeglOperation *operation)
{
  const Babl *input = gegl_operation_get_source_format (operation, "input");
  const Babl *map   = gegl_operation_get_source_format (operation, "aux");
  const Babl *format = sbokeh_apply_work_format (input);

  /* The uniform blur's working format, so that without a map it is that
   * operation exactly; the core converts for the layers itself.  */
  gegl_operation_set_format (operation, "input", format);
  gegl_operation_set_format (operation, "output", format);
  /* The map as the core reads it: its gray values in its own space.  */
  gegl_operation_set_format (operation, "aux",
                             map ? babl_format_with_space ("Y' float", map)
                                 : babl_format ("Y' float"));
}

/* What a region reads around it, of the input and of the map: the core's
 * 2 R + 2 (depth.h), which covers the uniform blur's half kernel.  */
static GeglRectangle
get_required_for_output (GeglOperation       *operation,
                         const gchar         *input_pad,
                         const GeglRectangle *roi)
{
  GeglProperties *o = GEGL_PROPERTIES (operation);
  GeglRectangle   r = *roi;
  int             halo = 2 * ((int) ceil (o->radius) + 1);

  if (gegl_rectangle_is_infinite_plane (&r))
    return r;
  r.x -= halo;
  r.y -= halo;
  r.width += 2 * halo;
  r.height += 2 * halo;
  return r;
}

static gboolean
process (GeglOperation       *operation,
         GeglBuffer          *input,
         GeglBuffer          *aux,
         GeglBuffer          *output,
         const GeglRectangle *result,
         gint                 level)
{
  GeglProperties     *o = GEGL_PROPERTIES (operation);
  SbokehParams        p;
  SbokehStatus        status;
  SbokehPictureBuffer picture;
  gint64              start = g_get_monotonic_time ();

  if (! input)
    {
      g_warning ("%s: no input", SBOKEH_OP_DEPTH);
      return FALSE;
    }
  params_from_properties (o, &p);
  status = sbokeh_op_picture (o->aperture, &p, &picture);
  if (status == SBOKEH_OK && aux)
    {
      status = sbokeh_depth_apply (&p, &p.depth, input, aux, output, result,
                                   NULL, NULL, NULL);
      if (status == SBOKEH_OK)
        status = sbokeh_grain_restore (&p, input, aux, output, result);
    }
  else if (status == SBOKEH_OK)
    status = sbokeh_op_uniform (&p, input, output, result);
  sbokeh_picture_clear (&picture);
  return sbokeh_op_finish (SBOKEH_OP_DEPTH, status, input, output, result,
                           start, aux ? "depth map" : "no depth map");
}

static void
gegl_op_class_init (GeglOpClass *klass)
{
  GeglOperationClass         *operation_class = GEGL_OPERATION_CLASS (klass);
  GeglOperationComposerClass *composer_class =
    GEGL_OPERATION_COMPOSER_CLASS (klass);

  operation_class->prepare = prepare;
  operation_class->get_bounding_box = sbokeh_op_bounding_box;
  operation_class->get_cached_region = sbokeh_op_cached_region;
  operation_class->get_required_for_output = get_required_for_output;
  /* The core spreads its own work over GEGL's threads, and reads the
   * input around what it writes: never in place.  */
  operation_class->threaded = FALSE;
  operation_class->want_in_place = FALSE;
  composer_class->process = process;
  /* The table's label and description of the depth map, as GIMP's
   * filter dialog shows them for the aux input.  */
  composer_class->aux_label =
    sbokeh_op_label (sbokeh_params_table[SBOKEH_PARAM_DEPTH_MAP].label);
  composer_class->aux_description =
    _(sbokeh_params_table[SBOKEH_PARAM_DEPTH_MAP].description);

  gegl_operation_class_set_keys (operation_class,
    "name",        SBOKEH_OP_DEPTH,
    "title",       _("Separable Bokeh, depth of field"),
    "categories",  "blur",
    "reference-hash", "",
    "description", _("Lens blur by a depth map around a focal plane, with "
                     "the depth map as the aux input"),
    NULL);
}

#endif
