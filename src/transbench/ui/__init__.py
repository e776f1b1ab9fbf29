"""The editors' web UI: a Gradio app over the workspace store."""
