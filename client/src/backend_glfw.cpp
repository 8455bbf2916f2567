#include "backend_glfw.hpp"

#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <GLFW/glfw3.h> // also brings <GL/gl.h> for glReadPixels

#include <stb_image_write.h>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace kring::client {

namespace {

void glfw_error(int code, const char* text) {
    std::fprintf(stderr, "kring: glfw error %d: %s\n", code, text);
}

} // namespace

backend_glfw::~backend_glfw() {
    shutdown();
}

bool backend_glfw::init(const char* title, int width, int height, bool fullscreen, bool no_vsync) {
    glfwSetErrorCallback(glfw_error);
    if (!glfwInit())
        return false;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);

    GLFWmonitor* monitor = nullptr;
    if (fullscreen) {
        // Full screen on the primary monitor at its current mode (the projector, usually).
        monitor = glfwGetPrimaryMonitor();
        if (const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr) {
            width = mode->width;
            height = mode->height;
        }
    }
    window_ = glfwCreateWindow(width, height, title, monitor, nullptr);
    if (!window_) {
        glfwTerminate();
        return false;
    }
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(no_vsync ? 0 : 1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // no imgui.ini next to wherever kring was started
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    if (!ImGui_ImplGlfw_InitForOpenGL(window_, true) ||
        !ImGui_ImplOpenGL3_Init("#version 330 core")) {
        std::fprintf(stderr, "kring: cannot initialise the ImGui backends\n");
        return false;
    }
    imgui_ready_ = true;
    return true;
}

void backend_glfw::shutdown() {
    if (imgui_ready_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
        imgui_ready_ = false;
    }
    if (window_) {
        glfwDestroyWindow(window_);
        window_ = nullptr;
        glfwTerminate();
    }
}

bool backend_glfw::should_close() const {
    return glfwWindowShouldClose(window_);
}

void backend_glfw::wait(double timeout_seconds) {
    glfwWaitEventsTimeout(timeout_seconds);
}

void backend_glfw::poll() {
    glfwPollEvents();
}

void backend_glfw::wake() {
    // GLFW documents glfwPostEmptyEvent as callable from any thread.
    glfwPostEmptyEvent();
}

namespace {

/** The monitor holding most of the window, else the primary one. */
GLFWmonitor* monitor_of(GLFWwindow* w) {
    int wx = 0, wy = 0, ww = 0, wh = 0;
    glfwGetWindowPos(w, &wx, &wy);
    glfwGetWindowSize(w, &ww, &wh);
    int count = 0;
    GLFWmonitor** list = glfwGetMonitors(&count);
    GLFWmonitor* best = glfwGetPrimaryMonitor();
    long best_area = -1;
    for (int i = 0; i < count; ++i) {
        const GLFWvidmode* mode = glfwGetVideoMode(list[i]);
        if (!mode)
            continue;
        int mx = 0, my = 0;
        glfwGetMonitorPos(list[i], &mx, &my);
        const long ox = std::max(0, std::min(wx + ww, mx + mode->width) - std::max(wx, mx));
        const long oy = std::max(0, std::min(wy + wh, my + mode->height) - std::max(wy, my));
        if (ox * oy > best_area) {
            best_area = ox * oy;
            best = list[i];
        }
    }
    return best;
}

} // namespace

void backend_glfw::toggle_fullscreen() {
    if (glfwGetWindowMonitor(window_)) {
        glfwSetWindowMonitor(window_, nullptr, windowed_[0], windowed_[1], windowed_[2],
                             windowed_[3], GLFW_DONT_CARE);
        return;
    }
    glfwGetWindowPos(window_, &windowed_[0], &windowed_[1]);
    glfwGetWindowSize(window_, &windowed_[2], &windowed_[3]);
    GLFWmonitor* m = monitor_of(window_);
    const GLFWvidmode* mode = m ? glfwGetVideoMode(m) : nullptr;
    if (!mode)
        return;
    glfwSetWindowMonitor(window_, m, 0, 0, mode->width, mode->height, mode->refreshRate);
}

bool backend_glfw::f11_pressed() {
    const bool down = glfwGetKey(window_, GLFW_KEY_F11) == GLFW_PRESS;
    const bool pressed = down && !f11_down_;
    f11_down_ = down;
    return pressed;
}

float backend_glfw::content_scale() const {
    float x = 1, y = 1;
    glfwGetWindowContentScale(window_, &x, &y);
    return std::max(1.0f, std::max(x, y));
}

ImVec2 backend_glfw::size() const {
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    return {static_cast<float>(w), static_cast<float>(h)};
}

font_set backend_glfw::rebuild_fonts(float base, float huge) {
    ImGuiIO& io = ImGui::GetIO();
    font_set f = load_fonts(*io.Fonts, base, huge);
    io.Fonts->Build();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    return f;
}

void backend_glfw::begin_frame(const std::function<void()>& input) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    if (input)
        input();
    ImGui::NewFrame();
}

bool backend_glfw::end_frame(const std::string& screenshot) {
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    glViewport(0, 0, w, h);
    const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(colors::paper);
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    bool ok = true;
    if (!screenshot.empty() && w > 0 && h > 0) {
        // Read the back buffer before the swap; GL's origin is bottom-left, PNG's top-left.
        std::vector<unsigned char> pixels(static_cast<std::size_t>(w) *
                                          static_cast<std::size_t>(h) * 4);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadBuffer(GL_BACK);
        glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
        // The window is opaque; blending may leave alpha below 255 in the buffer.
        for (std::size_t i = 3; i < pixels.size(); i += 4)
            pixels[i] = 255;
        stbi_flip_vertically_on_write(1);
        ok = stbi_write_png(screenshot.c_str(), w, h, 4, pixels.data(), w * 4) != 0;
        if (!ok)
            std::fprintf(stderr, "kring: cannot write %s\n", screenshot.c_str());
    }
    glfwSwapBuffers(window_);
    return ok;
}

} // namespace kring::client
