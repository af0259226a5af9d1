"""Widgets with their state: each ``show()`` renders one part of a screen."""
