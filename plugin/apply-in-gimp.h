/* Separable Bokeh plug-in: the filter applied by GIMP itself, as our GEGL
 * operation (gegl-op/) in a GimpDrawableFilter, when GIMP has it.  */
#ifndef BOKEH_APPLY_IN_GIMP_H
#define BOKEH_APPLY_IN_GIMP_H

#include <libgimp/gimp.h>

#include "sbokeh.h"

/* Whether GIMP can run the filter itself on DRAWABLE (a layer, not a
 * group, and GIMP has BOKEH_OPERATION): then it can also stay an editable
 * filter.  */
gboolean bokeh_gimp_has_operation (GimpDrawable        *drawable);

/* Has GIMP apply the filter to every drawable, merged or appended as an
 * editable filter (one undo group).  With DEPTH_MAP, the depth of field
 * (BOKEH_OPERATION_DEPTH with the map as its aux input), always merged:
 * GIMP 3.0 and 3.2 keep no filter with an aux pad editable.  FALSE, with
 * nothing changed, when this way is not open: a drawable is not a layer,
 * GIMP lacks the operation, SBOKEH_IN_PLUGIN is set, or the map is one of
 * the drawables (merging one would change the map of the next).  */
gboolean bokeh_apply_in_gimp      (GimpDrawable       **drawables,
                                   gint                 n_drawables,
                                   const SbokehParams  *params,
                                   gboolean             merge,
                                   GimpDrawable        *depth_map);

#endif /* BOKEH_APPLY_IN_GIMP_H */
