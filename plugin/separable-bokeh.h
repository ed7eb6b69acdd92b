/* Separable Bokeh plug-in: names shared by its files. */
#ifndef SEPARABLE_BOKEH_H
#define SEPARABLE_BOKEH_H

#include <libgimp/gimp.h>

#include "sbokeh.h"

#define PLUG_IN_PROC   "plug-in-separable-bokeh"
#define PLUG_IN_BINARY "separable-bokeh"
#define PLUG_IN_ROLE   "separable-bokeh"
/* The GEGL operation of gegl-op/, which GIMP runs itself when it has it.  */
#define BOKEH_OPERATION "sbokeh:separable-bokeh"

/* The dialog offers up to 16 passes: beyond that the disk is already
 * within 1 % (relative L2) and every pass costs as much as the first.
 * The core accepts up to SBOKEH_RANK_MAX.  */
#define PLUG_IN_RANK_MAX 16

/* Reads the filter's parameters from the procedure's config.  */
void         bokeh_params_from_config (GimpProcedureConfig *config,
                                       SbokehParams        *params);

/* A translated sentence for a parameter error, naming the argument and its
 * allowed range.  */
gchar      * bokeh_params_error       (SbokehStatus         status,
                                       const SbokehParams  *params);

/* Whether GIMP can run the filter itself on DRAWABLE (a layer, and GIMP
 * has BOKEH_OPERATION): then it can also stay an editable filter.  */
gboolean     bokeh_gimp_has_operation (GimpDrawable        *drawable);

#endif /* SEPARABLE_BOKEH_H */
