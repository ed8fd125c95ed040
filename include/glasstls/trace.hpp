// Every observer at once (until each user includes the one it uses).
#pragma once

#include "glasstls/events.hpp"
#include "glasstls/json_lines.hpp"
#include "glasstls/key_log.hpp"
#include "glasstls/message_lines.hpp"
#include "glasstls/messages.hpp"
#include "glasstls/narration.hpp"
#include "glasstls/record.hpp"
#include "glasstls/verify.hpp"
