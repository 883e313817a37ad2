"""Shipped default configuration and demo material (JSON files read with importlib.resources)."""
