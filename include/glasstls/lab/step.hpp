// --step for glass client and glass server: a pause before each handshake
// message is processed or sent, saying what is about to happen (message,
// function, RFC section) and waiting for Enter — `c` runs to the end. Built on
// Connection's step hook, which any course front end can use the same way.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>

#include "glasstls/connection.hpp"

namespace glasstls::lab {

class StepPrompt {
public:
    // Answers come from the terminal (/dev/tty) only: standard input stays
    // the data for the peer. Without a terminal it says so once and shows the
    // steps without pausing, as after `c`.
    StepPrompt();
    // Answers from `answers` (a script, a test), which stays the caller's to close.
    explicit StepPrompt(std::FILE* answers) : in_(answers) {}
    ~StepPrompt();
    StepPrompt(const StepPrompt&) = delete;
    StepPrompt& operator=(const StepPrompt&) = delete;
    // Prints the step (tagged with `who` when not empty) and waits. Threads
    // take turns; after `c` (or the end of the input) nothing waits again.
    void pause(const Step& step, const std::string& who);

private:
    std::mutex mutex_;
    std::FILE* in_ = nullptr;
    bool own_ = false;
    bool running_ = false;
    unsigned count_ = 0;
};

} // namespace glasstls::lab
