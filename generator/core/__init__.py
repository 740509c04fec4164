"""The core: load the data, validate it, anchor every annotation in the page's text and
assemble the edition. Pure: no MkDocs, no rendering, no script conversion; every later
layer (convert, pipeline, render, mkdocs, tools) reads what it returns."""
