// The rows of every kind's result (wire::step_result holds the kinds' own structs, which
// wire.hpp only names): for the files that make, copy or read results. These headers bring
// the whole JSON library; app.hpp does not include this file.
#pragma once

#include "kring/action_plan.hpp"
#include "kring/choice.hpp"
#include "kring/dot_vote.hpp"
#include "kring/floor_plan.hpp"
#include "kring/image_choice.hpp"
#include "kring/inventory.hpp"
#include "kring/open_text.hpp"
#include "kring/photo.hpp"
#include "kring/scale.hpp"
#include "kring/views.hpp"
