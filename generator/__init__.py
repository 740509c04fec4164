"""The annotated edition: data in, Markdown pages out (the MkDocs adapter is plugin.py)."""
