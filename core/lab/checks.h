// Goals are checks on the live model: a check runs (or picks) a console line and tests its
// CommandResult (ok, output, the main packet's trace, the DNS queries) and the World (pods, routes,
// Services). Everything is read from the model's structures, never from printed text, except
// `output`, which is about the text.
#pragma once

#include <map>
#include <string>

#include "core/lab/lesson_format.h"
#include "core/lab/progress.h"
#include "core/lab/session.h"

namespace podlab::lab {

PodAddresses pod_addresses(const World& world);

// Whether `result` (a line run in `world`) passes the check's result predicates (command, ok,
// output, delivered, trace, dns).
bool result_passes(const Check& check, const CommandResult& result, const World& world);
// Whether `world` passes the check's model predicates (true when it has none).
bool model_passes(const Check& check, const World& world, const PodAddresses& at_start);

// Re-evaluates a goal after `learner_line` ran in `session` (null when no learner line ran: a step
// just began). A check with run runs its line on a copy of the session; one without run is met
// once any learner line since the start passed all of it; a model-only check reads the World.
void update_goal(const Check& check, GoalState& state, const Session& session, const CommandResult* learner_line,
                 const PodAddresses& at_start);

}  // namespace podlab::lab
