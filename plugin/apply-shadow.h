/* Separable Bokeh plug-in: the passes in the plug-in, on the drawables'
 * shadow buffers.  */
#ifndef BOKEH_APPLY_SHADOW_H
#define BOKEH_APPLY_SHADOW_H

#include <libgimp/gimp.h>

#include "sbokeh.h"

/* Applies the blur to every drawable's selected part: without DEPTH_MAP,
 * FILTERS with PARAMS' highlight boost (the uniform blur); with one, the
 * depth of field of PARAMS (sbokeh_depth_apply, which designs per slice:
 * FILTERS may be NULL), pixel (x, y) of the map taken for pixel (x, y) of
 * each drawable (the caller checked that the sizes match).  All are
 * computed into their shadow buffers first and merged only when every
 * one succeeded: an error leaves the image untouched.  Merging several
 * drawables is one undo group.  Reports progress to GIMP.  */
gboolean bokeh_apply_shadow (GimpDrawable        **drawables,
                             gint                  n_drawables,
                             const SbokehFilters  *filters,
                             const SbokehParams   *params,
                             GimpDrawable         *depth_map,
                             GError              **error);

#endif /* BOKEH_APPLY_SHADOW_H */
