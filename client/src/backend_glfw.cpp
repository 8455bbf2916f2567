#include "backend_glfw.hpp"

#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <GLFW/glfw3.h> // also brings <GL/gl.h> for glReadPixels

#include <stb_image_write.h>

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

void backend_glfw::begin_frame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
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
