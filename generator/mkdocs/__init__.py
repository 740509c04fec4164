"""The thin MkDocs adapter: the plugin that hands the rendered pages to MkDocs, the build
of every edition and the offline bundle, and the search index."""
