/* Separable Bokeh plug-in: the passes in the plug-in, on the drawables'
 * shadow buffers.  */
#ifndef BOKEH_APPLY_SHADOW_H
#define BOKEH_APPLY_SHADOW_H

#include <libgimp/gimp.h>

#include "sbokeh.h"

/* Applies FILTERS (with the highlight BOOST) to every drawable's selected
 * part.  All are computed into their shadow buffers first and merged only
 * when every one succeeded: an error leaves the image untouched.  Merging
 * several drawables is one undo group.  Reports progress to GIMP.  */
gboolean bokeh_apply_shadow (GimpDrawable        **drawables,
                             gint                  n_drawables,
                             const SbokehFilters  *filters,
                             double                boost,
                             GError              **error);

#endif /* BOKEH_APPLY_SHADOW_H */
