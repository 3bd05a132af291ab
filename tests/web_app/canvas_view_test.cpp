#include <doctest/doctest.h>

#include "web/app/canvas_view.h"

using namespace podlab::web;

TEST_CASE("world and screen coordinates convert both ways") {
  CanvasView view{.offset = {100, 50}, .zoom = 2.0f};
  CHECK(view.world_to_screen({10, 20}) == Vec2{120, 90});
  CHECK(view.screen_to_world({120, 90}) == Vec2{10, 20});
}

TEST_CASE("zooming keeps the point under the mouse in place") {
  CanvasView view{.offset = {300, 200}, .zoom = 1.0f};
  const Vec2 mouse{420, 260};
  const Vec2 under_mouse = view.screen_to_world(mouse);
  view.zoom_at(mouse, 1.5f);
  CHECK(view.zoom == doctest::Approx(1.5));
  const Vec2 after = view.world_to_screen(under_mouse);
  CHECK(after.x == doctest::Approx(mouse.x));
  CHECK(after.y == doctest::Approx(mouse.y));
}

TEST_CASE("zoom is clamped, and the anchor still holds at the limit") {
  CanvasView view;
  for (int i = 0; i < 100; ++i) view.zoom_at({50, 50}, 2.0f);
  CHECK(view.zoom == doctest::Approx(CanvasView::max_zoom));
  for (int i = 0; i < 100; ++i) view.zoom_at({50, 50}, 0.5f);
  CHECK(view.zoom == doctest::Approx(CanvasView::min_zoom));
  const Vec2 world = view.screen_to_world({50, 50});
  view.zoom_at({50, 50}, 0.5f);
  CHECK(view.world_to_screen(world).x == doctest::Approx(50));
}

TEST_CASE("fit shows the whole world rectangle centred with its margin") {
  CanvasView view;
  const Rect world{{-100, -50}, {300, 150}};  // 400 x 200
  view.fit(world, {1000, 600}, 50);
  CHECK(view.zoom == doctest::Approx(2.25));  // min(900/400, 500/200)
  const Vec2 centre = view.world_to_screen(world.center());
  CHECK(centre.x == doctest::Approx(500));
  CHECK(centre.y == doctest::Approx(300));
  const Vec2 top_left = view.world_to_screen(world.min);
  CHECK(top_left.x == doctest::Approx(50));
}

TEST_CASE("panning moves the world by the mouse's motion") {
  CanvasView view{.offset = {10, 10}, .zoom = 3.0f};
  const Vec2 before = view.world_to_screen({5, 5});
  view.pan({40, -15});
  const Vec2 after = view.world_to_screen({5, 5});
  CHECK(after.x - before.x == doctest::Approx(40));
  CHECK(after.y - before.y == doctest::Approx(-15));
}
