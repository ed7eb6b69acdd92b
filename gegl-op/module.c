/* Separable Bokeh's GEGL module: its two operations (op-common.h),
 * sbokeh:separable-bokeh and sbokeh:separable-bokeh-depth, each built
 * with GEGL_OP_BUNDLE so that this file registers both.  */
#include "config.h"

#include <gegl-plugin.h>

void gegl_op_separable_bokeh_register_type       (GTypeModule *module);
void gegl_op_separable_bokeh_depth_register_type (GTypeModule *module);

G_MODULE_EXPORT const GeglModuleInfo * gegl_module_query    (GTypeModule *module);
G_MODULE_EXPORT gboolean               gegl_module_register (GTypeModule *module);

static const GeglModuleInfo module_info =
{
  GEGL_MODULE_ABI_VERSION
};

G_MODULE_EXPORT const GeglModuleInfo *
gegl_module_query (GTypeModule *module)
{
  return &module_info;
}

G_MODULE_EXPORT gboolean
gegl_module_register (GTypeModule *module)
{
  gegl_op_separable_bokeh_register_type (module);
  gegl_op_separable_bokeh_depth_register_type (module);
  return TRUE;
}
