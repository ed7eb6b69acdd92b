/* Separable Bokeh as a GEGL operation: "sbokeh:separable-bokeh", the
 * uniform blur.
 *
 * The same core as the plug-in, as an area filter, so that GIMP 3 can use
 * it as a non-destructive filter with on-canvas preview, and the gegl
 * command can run it:  gegl in.jpg -o out.png -- sbokeh:separable-bokeh
 * radius=30.  The properties are the parameter table's (op-properties.h):
 * each entry of SBOKEH_PARAMS becomes a property with its name, label,
 * description, range, slider range and default.  The halo is the kernel's
 * half size; the designed filters are kept for the last few property sets
 * (for the whole process, op-common.c), so only a change of shape or
 * weights re-optimises.  The depth of field, with a depth map as its aux
 * input, is sbokeh:separable-bokeh-depth (separable-bokeh-depth.c): an
 * operation of its own, as GIMP keeps no operation with an aux pad as an
 * editable filter (op-common.h).  The focus properties are here too (one
 * table, one property block) and do nothing without a depth map.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "op-common.h"

#ifdef GEGL_PROPERTIES

#define OP_ENUM_TYPE(Type) SbokehOp##Type
#include "op-properties.h"

#else

/* One module, two operations (module.c registers them).  */
#define GEGL_OP_BUNDLE
#define GEGL_OP_AREA_FILTER
#define GEGL_OP_NAME     separable_bokeh
#define GEGL_OP_C_SOURCE separable-bokeh.c

#include "gegl-op.h"

/* The enums' values are the core's (params_from_properties copies them).  */
#define OP_SAME_VALUE(value, nick, label) \
  _Static_assert ((int) SBOKEH_OP_##value == (int) value, #value);
#define OP_SAME_VALUES(ID, ...) SBOKEH_##ID##_CHOICES (OP_SAME_VALUE)
SBOKEH_PARAMS (SBOKEH_OP_NOTHING, SBOKEH_OP_NOTHING, OP_SAME_VALUES,
               SBOKEH_OP_NOTHING, SBOKEH_OP_NOTHING, SBOKEH_OP_NOTHING)

static void
params_from_properties (GeglProperties *o,
                        SbokehParams   *p)
{
  SBOKEH_OP_PARAMS_FROM_PROPERTIES;
}

static void
prepare (GeglOperation *operation)
{
  GeglOperationAreaFilter *area = GEGL_OPERATION_AREA_FILTER (operation);
  GeglProperties          *o = GEGL_PROPERTIES (operation);
  const Babl              *format;
  int                      halo;

  /* The core's working format, so that it converts nothing more.  */
  format = sbokeh_apply_work_format (
             gegl_operation_get_source_format (operation, "input"));
  halo   = sbokeh_params_kernel_size (o->radius) / 2;
  area->left = area->right = area->top = area->bottom = halo;
  gegl_operation_set_format (operation, "input", format);
  gegl_operation_set_format (operation, "output", format);
}

static gboolean
process (GeglOperation       *operation,
         GeglBuffer          *input,
         GeglBuffer          *output,
         const GeglRectangle *result,
         gint                 level)
{
  GeglProperties     *o = GEGL_PROPERTIES (operation);
  SbokehParams        p;
  SbokehStatus        status;
  SbokehPictureBuffer picture;
  gint64              start = g_get_monotonic_time ();

  params_from_properties (o, &p);
  status = sbokeh_op_picture (o->aperture, &p, &picture);
  if (status == SBOKEH_OK)
    status = sbokeh_op_uniform (&p, input, output, result);
  sbokeh_picture_clear (&picture);
  return sbokeh_op_finish (SBOKEH_OP_UNIFORM, status, input, output, result,
                           start, NULL);
}

static void
gegl_op_class_init (GeglOpClass *klass)
{
  GeglOperationClass       *operation_class = GEGL_OPERATION_CLASS (klass);
  GeglOperationFilterClass *filter_class    = GEGL_OPERATION_FILTER_CLASS (klass);

  operation_class->prepare = prepare;
  operation_class->get_bounding_box = sbokeh_op_bounding_box;
  operation_class->get_cached_region = sbokeh_op_cached_region;
  /* The core spreads its own work over GEGL's threads.  */
  operation_class->threaded = FALSE;
  filter_class->process    = process;

  gegl_operation_class_set_keys (operation_class,
    "name",        SBOKEH_OP_UNIFORM,
    "title",       _("Separable Bokeh"),
    "categories",  "blur",
    "reference-hash", "",
    "description", _("Lens blur with a disk-shaped aperture, fast"),
    NULL);
}

#endif
