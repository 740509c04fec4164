"""The edition as Markdown pages, in one script each: templates, charts, citations, open
data, readings and the dictionary. Reads the pipeline's result; knows nothing of MkDocs."""
