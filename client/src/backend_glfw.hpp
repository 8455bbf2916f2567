// The platform layer: one GLFW window with an OpenGL 3.3 core context, Dear ImGui's GLFW and
// OpenGL3 backends (from Debian's libimgui.a), font (re)building and PNG screenshots.
#pragma once

#include "ui/widgets.hpp"

#include <imgui.h>

#include <functional>
#include <string>

struct GLFWwindow;

namespace kring::client {

/** Represents the window and the ImGui context; everything here runs on the main thread. */
class backend_glfw {
public:
    backend_glfw() = default;
    ~backend_glfw();
    backend_glfw(const backend_glfw&) = delete;
    backend_glfw& operator=(const backend_glfw&) = delete;

    /** Opens the window; vsync off when `no_vsync` (for --frames). Returns false on failure. */
    bool init(const char* title, int width, int height, bool fullscreen, bool no_vsync);
    void shutdown();

    bool should_close() const;
    /** Blocks until an event, glfwPostEmptyEvent() or the timeout. */
    void wait(double timeout_seconds);
    void poll();
    /** Callable from any thread: wakes a wait(). */
    static void wake();

    /** Full screen on the monitor the window is on, or back to the window it was. */
    void toggle_fullscreen();
    /** F11 went down since the last call. */
    bool f11_pressed();
    /** The window's content scale (glfwGetWindowContentScale; 1 on a plain monitor). */
    float content_scale() const;

    /** Framebuffer size in pixels. */
    ImVec2 size() const;
    /** Rebuilds the font atlas and its texture (between frames only). */
    font_set rebuild_fonts(float base, float huge);

    /** Starts a frame; `input` may change ImGui's input after the backend set it (tests). */
    void begin_frame(const std::function<void()>& input = {});
    /** Renders; if `screenshot` is non-empty, writes the frame there as PNG first. */
    bool end_frame(const std::string& screenshot);

private:
    GLFWwindow* window_ = nullptr;
    bool imgui_ready_ = false;
    bool f11_down_ = false;
    int windowed_[4] = {100, 100, 1280, 800}; // x, y, w, h before full screen
};

} // namespace kring::client
