"""HTML pages (right-to-left Arabic, Jinja2 with autoescape): home, article, search.

Each page has a JSON twin in :mod:`mawsua.web.api` with the same parameters.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from mawsua.app import queries
from mawsua.model import SearchQuery if False else None  # noqa: F401  (placeholder, replaced below)
