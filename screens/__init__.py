"""Textual screens and widgets, one module per screen."""
