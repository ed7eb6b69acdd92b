/* Separable Bokeh plug-in: the procedure's arguments, from the parameter
 * table (core/params.h), and the filter's parameters read from a config.
 * The run and the dialog both use it.  */
#ifndef BOKEH_PROCEDURE_ARGS_H
#define BOKEH_PROCEDURE_ARGS_H

#include <libgimp/gimp.h>

#include "sbokeh.h"

/* The plug-in's own argument, after the table's "engine" (its place when it
 * came): the blur merged into the pixels, or left as an editable filter.  */
#define BOKEH_MERGE_ARG   "merge-filter"
#define BOKEH_MERGE_AFTER "engine"

/* One argument per table entry, in the table's order, with its name,
 * label, description, range and default, BOKEH_MERGE_ARG after
 * BOKEH_MERGE_AFTER; the picture entry gives two (aperture-picture.h):
 * the drawable, then the brush.  */
void     bokeh_procedure_add_arguments (GimpProcedure       *procedure);

/* Reads the filter's parameters from the procedure's config (not the
 * custom aperture's picture: bokeh_aperture_read).  */
void     bokeh_params_from_config      (GimpProcedureConfig *config,
                                        SbokehParams        *params);

/* The depth map argument (a new reference: unref it), or NULL: none.  */
GimpDrawable *
         bokeh_depth_map_from_config   (GimpProcedureConfig *config);

/* Copies PARAMS into the config of a GEGL filter of our operation, whose
 * properties have the same names (choices as their nicks).  */
void     bokeh_params_to_filter_config (const SbokehParams  *params,
                                        GObject             *config);

/* A translated sentence for a parameter error, naming the argument and its
 * allowed range.  */
gchar  * bokeh_params_error            (SbokehStatus         status,
                                        const SbokehParams  *params);

#endif /* BOKEH_PROCEDURE_ARGS_H */
