/* Separable Bokeh: the core library's public header.
 *
 * Aperture kernel → rank-N SVD → optimised separable pairs → passes on
 * float arrays or GeglBuffers.  Knows nothing about GIMP.  Every fallible
 * function returns an SbokehStatus; none prints, exits or aborts.
 */
#ifndef SBOKEH_H
#define SBOKEH_H

#include "status.h"
#include "params.h"
#include "kernel.h"
#include "filters.h"
#include "lowrank.h"
#include "optimize.h"
#include "boxes-cut.h"
#include "boxes-design.h"
#include "design.h"
#include "engine.h"
#include "dense-passes.h"
#include "boxes-places.h"
#include "boxes-passes.h"
#include "boxes-stream.h"
#include "memory.h"
#include "simd.h"
#include "apply.h"

/* TEMPORARY (issue 19): old names until the front ends are updated */
#define SbokehRunsums          SbokehBoxesPasses
#define sbokeh_runsums_prepare sbokeh_boxes_passes_prepare
#define sbokeh_runsums_lookups sbokeh_boxes_passes_lookups
#define sbokeh_runsums_clear   sbokeh_boxes_passes_clear
#define sbokeh_boxes_runs      sbokeh_filters_runs

#endif /* SBOKEH_H */
