"""The dashboard's use cases, free of Streamlit, shared by the pages and the
command-line jobs: read through `data_access`, compute through `analytics`,
return frames and values of ids and numbers (never words, never cached here).

Every service takes a `services.reads.Reads` first: `ConnectionReads(conn)`
binds data_access's queries to one SQLAlchemy Connection (what a command
passes), and the dashboard passes `ui.loaders.CachedReads(db_url)`, the same
queries through its cached and logged loaders, so that services share reads
between pages and the benchmark still sees every query. The dashboard caches
the services' results in `ui.loaders`.
"""
