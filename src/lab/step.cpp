// See step.hpp.
#include "glasstls/lab/step.hpp"

#include <iostream>

namespace glasstls::lab {

// Never standard input: it is the data for the peer (a piped request), and a
// stdio read of one answer would swallow the whole pipe into its buffer.
StepPrompt::StepPrompt() : in_(std::fopen("/dev/tty", "r")), own_(in_ != nullptr), running_(in_ == nullptr) {
    if (in_ == nullptr) {
        std::cerr << "--step: no terminal to answer from (/dev/tty cannot be opened), so the steps are shown without pausing"
                     " and standard input goes to the peer as it would without --step\n";
    }
}

StepPrompt::~StepPrompt() {
    if (own_) std::fclose(in_);
}

void StepPrompt::pause(const Step& step, const std::string& who) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++count_;
    std::cerr << "\n[step " << count_ << "]" << (who.empty() ? "" : " " + who) << " about to "
              << (step.direction == Direction::incoming ? "PROCESS " : "SEND ") << step.message << "\n"
              << "         " << step.function << "   (" << step.rfc << ")\n";
    if (running_) return;
    std::cerr << "         Enter: next step   c: run to the end   (in gdb: break " << step.function << ")\n> " << std::flush;
    char line[64];
    if (std::fgets(line, sizeof line, in_) == nullptr || line[0] == 'c') running_ = true;
}

} // namespace glasstls::lab
