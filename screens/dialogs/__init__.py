"""Modal dialogs that return a typed result."""

FLOW = "flow"
"""Worker group of the flows that wait for the user's answer in a dialog (the guided call, the
person edit); they run on the App, so closing the screen that started them does not end them."""
