// The time tagger's state, shared by tagger.cc and dateline.cc. Private to the temporal
// module; immutable after TimeTagger::create.
#pragma once

#include "entente/temporal.h"
#include "temporal/tables.h"

namespace entente {

struct TimeTagger::Impl {
  temporal::Tables t;
  TemporalOptions options;
  Segmenter plain{SegmenterRules{}, SegmenterOptions{}};
};

}  // namespace entente
