"""The website and JSON API (FastAPI + Jinja2): ``mawsua.web.app.create_app(db_path)``.

Imports only ``mawsua.app`` (the read queries) and ``mawsua.model``; every asset is local.
"""
