"""The app shell: Textual App, command line and settings."""
