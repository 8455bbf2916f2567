// A test-only input script for the client (--script FILE) and a trace of what the screens
// showed (--trace FILE). The script clicks the console's one highlighted button with real
// ImGui mouse input, as a facilitator would, and waits for the server between clicks; the
// trace writes, as JSON lines, the primary buttons and the projector's question texts with
// their size in pixels. GUI tests read the trace.
//
// Script commands, one per line ('#' starts a comment):
//   click-primary     click the one highlighted button (fails unless exactly one is drawn),
//                     then wait until the server answered and a newer view arrived
//   click-at X Y      click the window at pixel (X, Y) (a participant's floor plan), then
//                     wait until the server answered every request (an answer: its ack)
//   click LABEL       click the button or list entry labelled LABEL (the first of the items
//                     the screens note for scripts, widgets.hpp note_clickable) once it is
//                     drawn and stands still, then wait as click-at does
//   double-click LABEL  the same with a double click (the file chooser's folders and images)
//   key NAME          press and release a key: escape, enter, up or down
//   wait-answered N   wait until the current step has N answers
//   wait-complete N   wait until N participants answered every item of the current step
//   wait-phase P      wait until the current step is in phase P (pending, open, closed)
//   wait-ms N         wait N milliseconds
//   wait-open STEP    wait until STEP is the current step and open (at most 600 s)
//   wait-ended [S]    wait until the facilitator ended the session (at most S seconds, 600)
//   end-if-ended      end the script (successfully) once the session has ended
//   type TEXT         type TEXT into the field that has the keyboard (the picker's search)
//   trace             write the current frame to the trace
//   shot FILE         write a screenshot of the next frame
// Commands start once the session (or the template picker with its list) is on the screen; every
// other wait fails after 30 s. The client exits when the script ends: 0, or 5 on a failure (the
// reason on stderr and in the trace).
#pragma once

#include "ui/app.hpp"

#include <imgui.h>

#include <cstdio>
#include <string>
#include <vector>

namespace kring::client {

class script_runner {
public:
    /** Reads the script (empty path: no script); false with `err` when it cannot. */
    bool load(const std::string& path, std::string& err);
    /** Opens the trace file (empty path: none). */
    bool open_trace(const std::string& path, std::string& err);
    ~script_runner();

    bool active() const { return !commands_.empty(); }
    bool tracing() const { return trace_ != nullptr; }
    /** Between the backend's new frame and ImGui's: the scripted mouse. */
    void inject(ImGuiIO& io);
    /**
     * After the frame was drawn: looks at it, moves the script on. Returns the path of a
     * screenshot to write of this frame, or "".
     */
    std::string after_frame(const app& a, double now);
    /** Writes the frame when what it shows changed (the step, its texts, its buttons). */
    void trace_changes(const app& a);
    bool done() const { return done_; }
    int exit_code() const { return exit_code_; }

private:
    enum class state { next, press, release, settle, wait };
    /** The middle of the noted item labelled `label`; false if none was drawn. */
    bool find_clickable(const std::string& label, ImVec2& at);
    void fail(const std::string& why);
    void write(const app& a, const char* what);

    std::vector<std::string> commands_;
    std::size_t at_ = 0;
    state state_ = state::next;
    ImVec2 target_{0, 0};
    int presses_ = 1;     // clicks left of this command (2 for a double click)
    int key_ = -1;        // a key to press in the next frame (its io.KeysDown index)
    int key_held_ = -1;   // the key pressed in the last frame, released in this one
    ImVec2 seen_{-1, -1}; // where `click LABEL` saw its item in the last frame
    int still_ = 0;       // frames it stood there
    double looking_since_ = -1;
    double since_ = 0;
    int frames_ = 0;
    std::uint64_t rev0_ = 0;
    std::FILE* trace_ = nullptr;
    std::string last_traced_;
    std::string typing_; // characters for the next frame
    bool saw_ended_ = false;
    bool done_ = false;
    int exit_code_ = 0;
};

} // namespace kring::client
